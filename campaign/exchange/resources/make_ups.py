"""Whom a sessions file's rows make up for (补课): each make-up cell names people by the day of
the session they missed and their name ("2026-03-05 张三"); this finds the absentees they are,
for the whole file at once, and keeps which row claimed each."""

import contextlib
from collections import Counter

from django.utils.translation import gettext

from campaign.exchange.widgets import LOOKUP_CHUNK, is_empty, shown, unit_code
from campaign.models import Absentee, StudySession

# (unit, day missed, name) → [(absentee, session it is made up in, or None)]
Missed = dict[tuple, list[tuple[int, int | None]]]


class MakeUps:
    """The make-up cells of one sessions file, read against the absentees they may name."""

    def __init__(self, *, units: dict, codes, cells, read_cell):
        """`units`: the file's units within reach by code; `codes` and `cells`: the file's unit
        and make-up columns; `read_cell(cell)`: a cell as (day, name) pairs, or ValueError."""
        self.missed = self._find_missed(units, codes, cells, read_cell)
        self.claimed: dict[int, int] = {}  # absentee → the (first) row that makes up for them

    @staticmethod
    def _find_missed(units, codes, cells, read_cell) -> Missed:
        """The absentees the file's make-up cells may name, in a query for every few thousand
        pairs (one for most files). Cells that do not read, or of units not within reach, fail
        their rows later."""
        wanted = set()
        for code, cell in zip(codes, cells, strict=True):
            if is_empty(code) or is_empty(cell):
                continue
            unit = units.get(unit_code(code))
            with contextlib.suppress(ValueError):
                if unit is not None:
                    wanted.update((unit.pk, *pair) for pair in read_cell(cell))
        wanted = sorted(wanted)
        missed: Missed = {}
        step = LOOKUP_CHUNK // 2
        for start in range(0, len(wanted), step):
            chunk = wanted[start : start + step]
            found = (
                Absentee.objects.filter(
                    session__organisation__in={unit for unit, _day, _name in chunk},
                    session__held_on__in={day for _unit, day, _name in chunk},
                    name__in={name for _unit, _day, name in chunk},
                )
                .order_by("session__held_on", "session", "pk")
                .values_list(
                    "pk", "session__organisation", "session__held_on", "name", "made_up_in"
                )
            )
            keys = set(chunk)
            for pk, unit, day, name, made_up_in in found:
                if (unit, day, name) in keys:
                    missed.setdefault((unit, day, name), []).append((pk, made_up_in))
        return missed

    def absentees(self, session: StudySession, pairs, row_number=None) -> list[int]:
        """The absentees a row's make-up cell names: each (day, name) one who missed a session
        of the row's unit held that day. When the unit held several that day that the person
        missed, those this session already makes up for are taken, as an exported file has them;
        otherwise the cell cannot say which, and the row fails (ValueError)."""
        errors, chosen = [], []
        for (day, name), times in Counter(pairs).items():
            found = self.missed.get((session.organisation_id, day, name), [])
            says = {"day": f"{day:%Y-%m-%d}", "name": shown(name)}
            if not found:
                errors.append(
                    gettext("No one named %(name)s missed a session of this unit on %(day)s.")
                    % says
                )
                continue
            if len(found) > times:
                found = [one for one in found if session.pk and one[1] == session.pk]
                if len(found) != times:
                    errors.append(
                        gettext(
                            "%(name)s missed more than one session of this unit on %(day)s: the "
                            "file cannot say which is made up for; choose it in the session's "
                            "form."
                        )
                        % says
                    )
                    continue
            elif len(found) < times:
                errors.append(gettext("“%(day)s %(name)s” is named twice.") % says)
                continue
            for pk, _made_up_in in found:
                first = self.claimed.setdefault(pk, row_number)
                if first != row_number:
                    errors.append(
                        gettext("Row %(row)d of the file already makes up for %(name)s of %(day)s.")
                        % {**says, "row": first + 1}
                    )
                chosen.append(pk)
        if errors:
            raise ValueError(" ".join(errors))
        return chosen
