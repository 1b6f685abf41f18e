"""Absentees in a spreadsheet cell: a session's absentees are rows (`campaign.models.Absentee`:
a name, a reason from a short list, a note); in a sessions file they are one cell, in the form
this module writes and reads back: "张三（病假）；李四（其他：借调）". A make-up session's cell
names whom it makes up for by the date of the session they missed: "2026-03-05 张三；2026-03-05
李四". Both cells are fields of the sessions resource (`resources.sessions`).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, override
from django.utils.translation import gettext as _
from import_export.fields import Field

from campaign import services
from campaign.choices import AbsenceReason
from campaign.exchange.widgets import shown
from campaign.models import ABSENTEE_NAME_MOST, ABSENTEE_NOTE_MOST, StudySession

# Between absentees in one cell: full-width or ASCII semicolons, or new lines.
SEPARATORS = re.compile(r"[；;\r\n]+")
# One absentee: 张三（病假）, 李四（其他：借调）; brackets full-width or ASCII.
ABSENTEE_ITEM = re.compile(
    r"^(?P<name>[^（(：:]+?)\s*[（(]\s*(?P<reason>[^：:）)]+?)\s*(?:[：:]\s*(?P<note>.*?))?\s*[）)]$"
)
# What people write in a Chinese form's cell for "nobody" (无, 没有, a dash, a slash), spaces
# around it aside: the cell then names no one.
NO_ONE = frozenset({"无", "没有", "暂无", "无人", "—", "——", "–", "-", "--", "－", "/", "／"})
# One person made up for: the day of the session they missed, then their name.
MADE_UP_ITEM = re.compile(r"^(?P<day>\d{4}-\d{1,2}-\d{1,2})\s+(?P<name>\S.*)$")


def reason_labels() -> dict[str, str]:
    """Each reason's Chinese label and its value: the sheet is in Chinese whatever the language."""
    with override("zh-hans"):
        return {str(label): value for value, label in AbsenceReason.choices}


def format_absentees(absentees, *, notes: bool = True) -> str:
    """Rows with `name`, `reason` and `note` as one cell: 张三（病假）；李四（其他：借调）; without
    the notes (`notes=False`): 张三（病假）；李四（其他）."""
    with override("zh-hans"):
        labels = dict(AbsenceReason.choices)
        return "；".join(
            f"{a.name}（{labels[a.reason]}{'：' + a.note if notes and a.note else ''}）"
            for a in absentees
        )


def means_no_one(text: str | None) -> bool:
    """Whether a cell (or a name typed in the form) says that nobody was absent: 无, 没有, — …"""
    return (text or "").strip() in NO_ONE


def _items(text: str) -> list[str]:
    """The cell split at its separators, but not within brackets: a note may hold a semicolon."""
    items, depth, current = [], 0, []
    for char in text or "":
        if char in "（(":
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
        if depth == 0 and SEPARATORS.match(char):
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*items, "".join(current)]


def parse_absentees(text: str) -> list[tuple[str, str, str]]:
    """A cell of `format_absentees` as (name, reason, note) triples; ValueError says what is wrong,
    in the user's language. A reason "other" without its note is read here and refused by
    `keep_stored_notes` when the session has none stored (an export leaves notes out)."""
    if means_no_one(text):
        return []
    labels = reason_labels()
    rows = []
    for item in _items(text):
        item = item.strip()
        if not item:
            continue
        match = ABSENTEE_ITEM.match(item)
        if not match:
            raise ValueError(
                _("“%(item)s” is not “name (reason)”, e.g. 张三（病假） or 李四（其他：借调）.")
                % {"item": item}
            )
        name, reason, note = match["name"].strip(), match["reason"], (match["note"] or "").strip()
        if reason not in labels:
            raise ValueError(
                _("“%(item)s”: the reason is one of %(reasons)s.")
                % {"item": item, "reasons": "、".join(labels)}
            )
        if len(name) > ABSENTEE_NAME_MOST or len(note) > ABSENTEE_NOTE_MOST:
            raise ValueError(
                _("“%(item)s”: a name has at most %(name)d characters and a note %(note)d.")
                % {"item": item, "name": ABSENTEE_NAME_MOST, "note": ABSENTEE_NOTE_MOST}
            )
        rows.append((name, labels[reason], note))
    try:
        services.check_named_once(name for name, _reason, _note in rows)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    return rows


def keep_stored_notes(
    rows: list[tuple[str, str, str]], stored: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The file's absentees, a note it leaves out kept as stored (an export carries the notes
    only when asked to, and importing it back must not erase them). ValueError for a reason
    "other" that says nothing, in the file or stored."""
    notes = {(name, reason): note for name, reason, note in stored if note}
    kept = []
    for name, reason, note in rows:
        note = note or notes.get((name, reason), "")
        if reason == AbsenceReason.OTHER and not note:
            with override("zh-hans"):
                label = f"{name}（{AbsenceReason.OTHER.label}）"
            raise ValueError(
                _("“%(item)s”: say what the other reason is, e.g. 李四（其他：借调）.")
                % {"item": label}
            )
        kept.append((name, reason, note))
    return kept


def format_made_up(absentees) -> str:
    """Whom a make-up session makes up for (rows with `name` and `session.held_on`)."""
    return "；".join(f"{a.session.held_on:%Y-%m-%d} {a.name}" for a in absentees)


def parse_made_up(text: str) -> list[tuple[datetime.date, str]]:
    """A cell of `format_made_up` as (date missed, name) pairs; ValueError says what is wrong."""
    if means_no_one(text):
        return []
    pairs = []
    for item in SEPARATORS.split(text or ""):
        item = item.strip()
        if not item:
            continue
        match = MADE_UP_ITEM.match(item)
        try:
            day = datetime.date.fromisoformat(
                "-".join(part.zfill(2) for part in match["day"].split("-"))
            )
        except (TypeError, ValueError):
            raise ValueError(
                _("“%(item)s” is not “date missed name”, e.g. 2026-03-05 张三.") % {"item": item}
            ) from None
        pairs.append((day, match["name"].strip()))
    return pairs


def _no_item_longer(text: str, *, longest: int, message: str, **says) -> str:
    """A cell of several items, refused at once if one of them is longer than any valid one (a
    file's 100 MB cell must not come back quoted whole in the error)."""
    for item in SEPARATORS.split(text):
        if len(item.strip()) > longest:
            raise ValueError(message % {"item": shown(item.strip()), **says})
    return text


class AbsenteesField(Field):
    """Who was absent and why, one cell: 张三（病假）；李四（其他：借调）.

    Written from the session's `Absentee` rows. Read (`clean`) as the (name, reason, note)
    triples the session's write takes (`services.Absences`): they are rows, not an attribute of
    the session, so `save` sets nothing on it (the resource keeps them for the row)."""

    #: Whether an export carries the absentees' notes (说明): only when the exporter asks for
    #: them (the export form's box), the resource sets it.
    with_notes = False

    def get_value(self, instance):
        if instance.pk is None:
            return ""
        return format_absentees(instance.absentees.all(), notes=self.with_notes)

    def clean(self, row, **kwargs):
        text = _no_item_longer(
            self.widget.clean(row[self.column_name]),
            longest=ABSENTEE_NAME_MOST + ABSENTEE_NOTE_MOST + 10,
            message=gettext(
                "“%(item)s”: a name has at most %(name)d characters and a note %(note)d."
            ),
            name=ABSENTEE_NAME_MOST,
            note=ABSENTEE_NOTE_MOST,
        )
        return parse_absentees(text)

    def save(self, instance, row, is_m2m=False, **kwargs):
        """Nothing to set: the resource reads the cell into the row's state."""


class MadeUpField(Field):
    """Whom the session makes up for (补课), one cell: the day each missed a session of the unit,
    and their name: 2026-03-05 张三；2026-03-05 李四.

    Read (`clean`) as (day, name) pairs, whose absentees the resource finds (`make_ups`)."""

    def get_value(self, instance):
        if instance.pk is None:
            return ""
        return format_made_up(
            sorted(
                instance.made_up_absentees.all(),
                key=lambda absentee: (absentee.session.held_on, absentee.session_id, absentee.pk),
            )
        )

    def clean(self, row, **kwargs):
        text = _no_item_longer(
            self.widget.clean(row[self.column_name]),
            longest=ABSENTEE_NAME_MOST + 20,
            message=gettext("“%(item)s” is not “date missed name”, e.g. 2026-03-05 张三."),
        )
        return parse_made_up(text)

    def save(self, instance, row, is_m2m=False, **kwargs):
        """Nothing to set: the resource reads the cell into the row's state."""


def stored_absentees(session: StudySession) -> list[tuple[str, str, str]]:
    """A session's absentees as stored, as the file's triples (none for a new session)."""
    if session.pk is None:
        return []
    return [(a.name, a.reason, a.note) for a in session.absentees.all()]


def stored_made_up(session: StudySession) -> list[int]:
    """The absentees a session makes up for, as stored (none for a new session)."""
    if session.pk is None:
        return []
    return [absentee.pk for absentee in session.made_up_absentees.all()]
