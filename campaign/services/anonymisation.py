"""Personal data kept no longer than the work needs (PIPL art. 19, 47): once a session's year is
`settings.PERSONAL_DATA_MONTHS` months behind, its absentees' names become 缺席者1, 缺席者2… and
the authors of reflections who did not agree to publication become 作者1, 作者2…

What the reports count stays as it was: the rows, their reasons' categories, the make-up links and
the derived counts are not touched, so every figure and the 汇总表 read the same before and after.
What could still say who someone was goes with the names: an absentee's note (a reason "other"
keeps a placeholder, the database asks for one), the session's free-text note on absence, a
non-consenting author's position. The change history (django-simple-history) is rewritten the
same way: it is the record of who changed a row, not a place where old names may stay.

Numbers continue after the highest one already given in the same group (a session; a unit's
year), so a second run changes nothing and a row added later never renumbers the others.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from campaign.choices import AbsenceReason
from campaign.models import Absentee, Reflection, StudySession

ABSENTEE_PREFIX = "缺席者"
AUTHOR_PREFIX = "作者"
# What an anonymised reason "other" says (the database asks for a note on that reason).
OTHER_NOTE = "（已匿名）"
# Rows renamed per query.
BATCH = 2000


@dataclass
class Anonymised:
    """What one run changed: the integrator's audit entry and the command's output read it."""

    before: datetime.date
    absentees: int = 0
    sessions: int = 0
    reflections: int = 0
    history_rows: int = 0


def anonymise_before(today: datetime.date, months: int | None = None) -> datetime.date:
    """The first day of the first year not yet due: the sessions held before it are anonymised.
    A year is due once `months` months have passed since its end (its next 1 January)."""
    months = settings.PERSONAL_DATA_MONTHS if months is None else months
    last_due_year = (today.year * 12 + today.month - 1 - months) // 12 - 1
    return datetime.date(last_due_year + 1, 1, 1)


def _number(name: str, prefix: str) -> int | None:
    match = re.fullmatch(rf"{re.escape(prefix)}(\d+)", name)
    return int(match[1]) if match else None


def _pseudonyms(rows: list, prefix: str, attribute: str) -> list:
    """The rows of one group (in a stable order) that still carry a real name, each given the
    next number after the highest one the group has."""
    highest = max((_number(getattr(r, attribute), prefix) or 0 for r in rows), default=0)
    renamed = []
    for row in rows:
        if _number(getattr(row, attribute), prefix) is None:
            highest += 1
            setattr(row, attribute, f"{prefix}{highest}")
            renamed.append(row)
    return renamed


def _absentees(before: datetime.date, report: Anonymised) -> None:
    due = StudySession.objects.filter(held_on__lt=before)
    sessions = (
        Absentee.objects.filter(session__in=due)
        .exclude(name__regex=rf"^{ABSENTEE_PREFIX}[0-9]+$")
        .values_list("session", flat=True)
        .distinct()
    )
    session_ids = sorted(set(sessions))
    for start in range(0, len(session_ids), BATCH):
        chunk = session_ids[start : start + BATCH]
        groups: dict[int, list[Absentee]] = {}
        for absentee in Absentee.objects.filter(session__in=chunk).order_by("session", "pk"):
            groups.setdefault(absentee.session_id, []).append(absentee)
        renamed = []
        for rows in groups.values():
            renamed += _pseudonyms(rows, ABSENTEE_PREFIX, "name")
        for absentee in renamed:
            absentee.note = OTHER_NOTE if absentee.reason == AbsenceReason.OTHER else ""
        # Two steps: a new name may be a name another row of the session still has.
        final = [(a.pk, a.name) for a in renamed]
        for absentee in renamed:
            absentee.name = f"{ABSENTEE_PREFIX}#{absentee.pk}"
        Absentee.objects.bulk_update(renamed, ["name", "note"], batch_size=BATCH)
        for absentee, (_pk, name) in zip(renamed, final, strict=True):
            absentee.name = name
        Absentee.objects.bulk_update(renamed, ["name"], batch_size=BATCH)
        report.absentees += len(renamed)
    noted = due.exclude(absence_note="")
    report.sessions = noted.update(absence_note="")
    report.history_rows += (
        StudySession.history.filter(id__in=due.values("pk"))
        .exclude(absence_note="")
        .update(absence_note="")
    )


def _reflection_year(reflection: Reflection) -> int:
    """A reflection's year: its session's, or the year it was recorded in."""
    if reflection.session_id is not None:
        return reflection.session.held_on.year
    return timezone.localtime(reflection.created_at).year


def _reflections(before: datetime.date, report: Anonymised) -> None:
    due = Reflection.objects.filter(public_consent=False).filter(
        Q(session__held_on__lt=before) | Q(session__isnull=True, created_at__date__lt=before)
    )
    named = ~Q(author_name__regex=rf"^{AUTHOR_PREFIX}[0-9]+$") | ~Q(author_position="")
    units = set(due.filter(named).values_list("organisation", flat=True).distinct())
    groups: dict[tuple[int, int], list[Reflection]] = {}
    rows = (
        due.filter(organisation__in=units)
        .select_related("session")
        .only("organisation", "author_name", "author_position", "created_at", "session__held_on")
        .order_by("organisation", "pk")
    )
    for reflection in rows.iterator(chunk_size=BATCH):
        key = (reflection.organisation_id, _reflection_year(reflection))
        groups.setdefault(key, []).append(reflection)
    changed: list[Reflection] = []
    for group in groups.values():
        renamed = {r.pk for r in _pseudonyms(group, AUTHOR_PREFIX, "author_name")}
        for reflection in group:
            if reflection.pk in renamed or reflection.author_position:
                reflection.author_position = ""
                changed.append(reflection)
    Reflection.objects.bulk_update(changed, ["author_name", "author_position"], batch_size=BATCH)
    report.reflections = len(changed)
    # The history of each anonymised reflection says what the reflection now says.
    now = Reflection.objects.filter(pk=OuterRef("id")).values("author_name")[:1]
    report.history_rows += (
        Reflection.history.filter(id__in=due.values("pk"))
        .filter(~Q(author_name=Subquery(now)) | ~Q(author_position=""))
        .update(author_name=Subquery(now), author_position="")
    )


@transaction.atomic
def personal_data_anonymise(*, today: datetime.date, months: int | None = None) -> Anonymised:
    """Anonymise what is due on `today`; idempotent. Writes no history row of its own (bulk
    updates): the history is rewritten, not added to."""
    before = anonymise_before(today, months)
    report = Anonymised(before=before)
    _absentees(before, report)
    _reflections(before, report)
    return report
