"""Absentees and make-up sessions (补课): who was absent from a session, and which later session
of the same unit each made up in. The rules are written once, here, and asked by the admin's
forms and the imports before they write:

- a name is listed once per session (`check_named_once`): a make-up names the person, so the
  name must say who;
- each absentee is made up at most once, in a session of the same unit held on or after the one
  they missed (`makeup_problems`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from campaign.models import Absentee, StudySession

ROWS_PER_STATEMENT = 1000  # rows a statement writes at most


@dataclass(frozen=True)
class Absences:
    """What a write says of a session's absentees; None leaves that part as stored.

    `absentees`: who was absent, as (name, reason, note), replacing the stored list (a name
    already there keeps its row, so a make-up recorded for it stays). `made_up`: the absentees
    (ids) of the unit's earlier sessions whom this session makes up for (补课).
    """

    absentees: list[tuple[str, str, str]] | None = None
    made_up: list[int] | None = None


def check_named_once(names: Iterable[str]) -> None:
    """Refuse a session's list of absentees that names someone twice."""
    seen, twice = set(), []
    for name in names:
        if name in seen and name not in twice:
            twice.append(name)
        seen.add(name)
    if twice:
        raise ValidationError(
            _("%(name)s is named twice.") % {"name": "、".join(twice)}, code="named_twice"
        )


def makeup_problems(session: StudySession, made_up: Iterable[int] | None) -> dict[str, str]:
    """What would break the make-up rules were `session`, with the unit and date it is about to
    be saved with, to make up for the absentees `made_up` (ids; None: those it makes up for now),
    by field: each missed an earlier session (or one the same day) of the same unit, and made up
    nowhere else; and whoever made up elsewhere for this session did so in its unit, on or after
    its date. An empty dict: none."""
    problems: dict[str, list[str]] = {}
    if made_up is not None:
        chosen = Absentee.objects.filter(pk__in=list(made_up))
    elif session.pk is not None:
        chosen = Absentee.objects.filter(made_up_in=session.pk)
    else:
        chosen = Absentee.objects.none()
    for absentee in chosen.select_related("session", "made_up_in"):
        missed = absentee.session
        says = {"name": absentee.name, "day": f"{missed.held_on:%Y-%m-%d}", "title": missed.title}
        if missed.organisation_id != session.organisation_id:
            message = _("%(name)s missed “%(title)s” of another unit.")
        elif missed.pk == session.pk or (session.held_on and missed.held_on > session.held_on):
            message = _("%(name)s missed “%(title)s” on %(day)s: a make-up comes after it.")
        elif absentee.made_up_in_id not in (None, session.pk):
            says["then"] = f"{absentee.made_up_in.held_on:%Y-%m-%d}"
            message = _("%(name)s has already made up for “%(title)s” on %(then)s.")
        else:
            continue
        problems.setdefault("made_up", []).append(message % says)
    if session.pk is not None:
        elsewhere = (
            Absentee.objects.filter(session=session.pk, made_up_in__isnull=False)
            .exclude(made_up_in=session.pk)
            .select_related("made_up_in")
        )
        for absentee in elsewhere:
            makeup = absentee.made_up_in
            says = {"name": absentee.name, "day": f"{makeup.held_on:%Y-%m-%d}"}
            if makeup.organisation_id != session.organisation_id:
                field, message = (
                    "organisation",
                    _("%(name)s made up for this session on %(day)s in this unit: the unit stays."),
                )
            elif session.held_on and makeup.held_on < session.held_on:
                field, message = (
                    "held_on",
                    _("%(name)s made up for this session on %(day)s: it was held before that."),
                )
            else:
                continue
            problems.setdefault(field, []).append(message % says)
    return {field: " ".join(messages) for field, messages in problems.items()}


@transaction.atomic
def absentees_save(session: StudySession, *, absentees: Iterable[tuple[str, str, str]]) -> None:
    """Replace a saved session's absentees with `absentees`, as (name, reason, note): a name
    already listed keeps its row, and so whatever make-up is recorded for it."""
    write_absences([(session, Absences(absentees=list(absentees)))], moved=[])


def write_absences(absences: list[tuple[StudySession, Absences]], *, moved) -> None:
    """The absentees and make-ups of saved sessions, in a few queries for a whole file; then the
    counts of every session whose absentees changed or were made up or no longer are. `moved`:
    sessions now of another unit or day, whose make-ups are checked again."""
    recount: set[int] = set()
    listed = {session.pk: a.absentees for session, a in absences if a.absentees is not None}
    stored: dict[int, dict[str, Absentee]] = {pk: {} for pk in listed}
    for absentee in Absentee.objects.filter(session__in=list(listed)):
        stored[absentee.session_id][absentee.name] = absentee
    create, update, keep = [], [], set()
    for pk, rows in listed.items():
        check_named_once(name for name, _reason, _note in rows)
        for name, reason, note in rows:
            absentee = stored[pk].get(name)
            if absentee is None:
                create.append(Absentee(session_id=pk, name=name, reason=reason, note=note))
            else:
                keep.add(absentee.pk)
                if (absentee.reason, absentee.note) != (reason, note):
                    absentee.reason, absentee.note = reason, note
                    update.append(absentee)
    gone = [a.pk for names in stored.values() for a in names.values() if a.pk not in keep]
    recount.update(listed)
    recount.update(
        Absentee.objects.filter(made_up_in__in=list(listed), pk__in=gone).values_list(
            "session", flat=True
        )
    )
    Absentee.objects.filter(pk__in=gone).delete()
    Absentee.objects.bulk_update(update, ["reason", "note"], batch_size=ROWS_PER_STATEMENT)
    Absentee.objects.bulk_create(create, batch_size=ROWS_PER_STATEMENT)

    for session, given in absences:
        if given.made_up is not None:
            recount.update(_claim(session, given.made_up))
    for session in moved:
        problems = makeup_problems(session, None)
        if problems:
            raise ValidationError(problems)
    recount_absentees(recount)


def _claim(session: StudySession, made_up: list[int]) -> set[int]:
    """Record that `session` makes up for the absentees `made_up` (ids), and for no one else;
    return the sessions whose made-up counts change."""
    problems = makeup_problems(session, made_up)
    if problems:
        raise ValidationError(problems)
    linked = Absentee.objects.filter(made_up_in=session.pk)
    changed = set(linked.values_list("session", flat=True))
    linked.exclude(pk__in=made_up).update(made_up_in=None)
    # Locked, then linked only if still free: two make-ups saved at once cannot both claim the
    # same absentee.
    free = (
        Absentee.objects.select_for_update()
        .filter(pk__in=made_up)
        .filter(Q(made_up_in__isnull=True) | Q(made_up_in=session.pk))
    )
    claimed = list(free.values_list("pk", "session"))
    if len(claimed) < len(set(made_up)):
        raise ValidationError(
            {
                "made_up": makeup_problems(session, made_up)
                or _(
                    "Someone chosen has just been recorded as made up elsewhere; check and save again."
                )
            }
        )
    Absentee.objects.filter(pk__in=[pk for pk, _session in claimed]).update(made_up_in=session)
    return changed | {missed for _pk, missed in claimed}


def recount_absentees(sessions: Iterable[int]) -> None:
    """The sessions' absentee counts, worked out again from their rows (one UPDATE)."""
    sessions = list(sessions)
    if not sessions:
        return
    counted = (
        Absentee.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"), made_up=Count("pk", filter=Q(made_up_in__isnull=False)))
    )
    StudySession.objects.filter(pk__in=sessions).update(
        absentee_count=Coalesce(Subquery(counted.values("n")), Value(0)),
        made_up_count=Coalesce(Subquery(counted.values("made_up")), Value(0)),
    )
