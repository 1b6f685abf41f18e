"""The one write path: every save of an organisation, a study session or a reflection, from the
admin's forms and actions, an import or a loader, goes through these functions, so each rule of
writing is written once, here, with the data derived from what was written (point flags, history,
the reports' roll-ups) in the same transaction. Keyword-only, typed, atomic.

`by` is the user who writes; None is the system itself (`load_organisations`, `load_demo`), to
which the rules that depend on who writes do not apply.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from campaign import rollups
from campaign.choices import AttachmentKind, ReflectionStatus
from campaign.models import (
    COUNT_FIELDS,
    Absentee,
    Organisation,
    Reflection,
    SessionAttachment,
    StudySession,
)
from campaign.querysets import reaches
from documents import cache as public_pages
from documents.models import LearningPoint

REVIEW_STATUSES = (ReflectionStatus.APPROVED, ReflectionStatus.FEATURED, ReflectionStatus.RETURNED)
REVIEW_PERMISSION = "campaign.review_reflection"

# --- Organisations ------------------------------------------------------------------------------


def may_move(user: User | None, organisation: Organisation) -> bool:
    """Whether the user may change where the organisation sits (its parent and district).

    Only where its parent is within the user's reach: a district admin may rename their own
    district body, but its parent is a city-level body out of their reach, so they may not move
    it. `organisation` is as stored (the admin's object, an import's row before the file sets it).
    """
    if user is None or organisation.pk is None or organisation.parent_id is None:
        return True
    return reaches(user, organisation.parent)


def move_refused(organisation: Organisation) -> str:
    """What a user who may not move the organisation (`may_move`) is told when they try."""
    return _("Only a campaign admin can change the parent unit or district of “%(name)s”.") % {
        "name": organisation.name
    }


def organisation_check(organisation: Organisation, *, by: User | None) -> None:
    """The tree rules that depend on who writes (the model's `clean` holds the others): only a
    campaign admin places an organisation at the top level or moves a body whose parent is out of
    their reach, and no one writes an organisation out of their own reach."""
    if by is None:
        return
    errors: dict[str, str] = {}
    if organisation.pk is not None:
        stored = Organisation.objects.select_related("parent").get(pk=organisation.pk)
        moved = (organisation.parent_id, organisation.district) != (
            stored.parent_id,
            stored.district,
        )
        if moved and not may_move(by, stored):
            errors["parent"] = move_refused(stored)
    if organisation.parent_id is None and not by.is_campaign_admin:
        errors.setdefault(
            "parent",
            _("Only a campaign admin can add a top-level organisation: give its parent unit."),
        )
    if not errors and not reaches(by, organisation):
        errors["district"] = _("This organisation would be outside your reach.")
    if errors:
        raise ValidationError(errors)


# Where a unit's figures are counted: a change moves its sessions and reflections between groups.
COUNTED_AS = ("parent_id", "district", "kind", "is_active")


def _showcase_changes(*showcased: bool) -> None:
    """When a public reflection appears, changes or goes (featured or not, consent given or
    withdrawn), the cached public pages that count or show them go too, once the write commits:
    earlier, another request could cache the old state again."""
    if any(showcased):
        transaction.on_commit(public_pages.forget)


@transaction.atomic
def organisation_save(organisation: Organisation, *, by: User | None) -> Organisation:
    """Save an organisation that passed its model validation; the tree rules are checked again.

    A unit that moves (to another parent or district, which its units follow) or changes its
    kind or activity is counted in other groups: the roll-ups of its days are computed again.
    """
    organisation_check(organisation, by=by)
    stored = None
    if organisation.pk is not None:
        stored = Organisation.objects.filter(pk=organisation.pk).values(*COUNTED_AS, "name").first()
    organisation.save()
    if stored and (stored["name"], stored["is_active"]) != (
        organisation.name,
        organisation.is_active,
    ):
        # Public reflections name their unit, and an inactive unit's are no longer public.
        _showcase_changes(
            organisation.reflections.filter(status=ReflectionStatus.FEATURED).exists()
        )
    if stored and any(stored[name] != getattr(organisation, name) for name in COUNTED_AS):
        moved = Organisation.objects.within(organisation)
        if (stored["parent_id"], stored["district"]) == (
            organisation.parent_id,
            organisation.district,
        ):
            moved = moved.filter(pk=organisation.pk)  # kind or activity: the unit alone
        else:
            _copy_districts(moved)
        rollups.refresh(days=_days_of(moved), districts={stored["district"], organisation.district})
    return organisation


def _copy_districts(units) -> None:
    """The units' districts onto their sessions and reflections (`unit_district`), after a move."""
    district = Subquery(Organisation.objects.filter(pk=OuterRef("organisation")).values("district"))
    for model in (StudySession, Reflection):
        model.objects.filter(organisation__in=units).update(district=district)


def _days_of(units) -> set:
    """The days on which the units held sessions or recorded reflections (local time)."""
    days = set(
        StudySession.objects.filter(organisation__in=units)
        .order_by()
        .values_list("held_on", flat=True)
        .distinct()
    )
    zone = timezone.get_current_timezone()
    days.update(
        timezone.localtime(moment, zone).date()
        for moment in Reflection.objects.filter(organisation__in=units).values_list(
            "created_at", flat=True
        )
    )
    return days


# --- Study sessions -----------------------------------------------------------------------------


def session_points(points: Iterable[LearningPoint] | None) -> list[LearningPoint]:
    """The learning points of a session: at least one."""
    points = list(points or ())
    if not points:
        raise ValidationError(
            {"points": ValidationError(_("Choose at least one learning point."), code="required")}
        )
    return points


@dataclass(frozen=True)
class Absences:
    """What a write says of a session's absentees; None leaves that part as stored.

    `absentees`: who was absent, as (name, reason, note), replacing the stored list (a name
    already there keeps its row, so a make-up recorded for it stays). `made_up`: the absentees
    (ids) of the unit's earlier sessions whom this session makes up for (补课).
    """

    absentees: list[tuple[str, str, str]] | None = None
    made_up: list[int] | None = None


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


# What a session's write sets; `created_at` and `recorded_by` stay as the first save set them,
# and the absentee counts are worked out from the absentees' rows.
SESSION_FIELDS = tuple(
    field.name
    for field in StudySession._meta.concrete_fields
    if not field.primary_key and field.name not in {"created_at", "recorded_by", *COUNT_FIELDS}
)
BATCH = 1000


def session_save(
    session: StudySession,
    *,
    points: Iterable[LearningPoint],
    by: User | None,
    absences: Absences | None = None,
) -> StudySession:
    """Save one session that passed its model validation, with its learning points and, if
    given, its absentees and whom it makes up for."""
    return sessions_save([(session, points, absences or Absences())], by=by)[0]


@transaction.atomic
def sessions_save(
    items: Iterable[
        tuple[StudySession, Iterable[LearningPoint]]
        | tuple[StudySession, Iterable[LearningPoint], Absences]
    ],
    *,
    by: User | None,
) -> list[StudySession]:
    """Save sessions that passed their model validation, each with its learning points (and
    `Absences`, if given): one from the admin's form or ten thousand from a file, in a few
    queries whatever their number.

    Everything derived from what was written is kept here: the unit's district and the point
    flags the lists and reports read, who recorded a new session, the absentee counts, one
    history row per session showing its points as saved, and the report roll-ups of the days and
    units touched (before and after the change).
    """
    items = [(item[0], session_points(item[1]), *item[2:]) for item in items]
    absences = [(item[0], item[2]) for item in items if len(item) > 2]
    items = [(session, points) for session, points, *_rest in items]
    new = [session for session, _points in items if session._state.adding]
    changed = [session for session, _points in items if not session._state.adding]
    before = StudySession.objects.filter(pk__in=[session.pk for session in changed])
    before_values = {
        pk: (day, unit) for pk, day, unit in before.values_list("pk", "held_on", "organisation_id")
    }
    touched = set(before_values.values())
    districts = dict(
        Organisation.objects.filter(
            pk__in={session.organisation_id for session, _points in items}
        ).values_list("pk", "district")
    )
    now = timezone.now()
    for session, points in items:
        session.district = districts[session.organisation_id]
        session.set_point_flags(point.number for point in points)
        if session._state.adding:
            session.recorded_by = by
        session.updated_at = now  # bulk_update does not set auto_now fields
    StudySession.objects.bulk_create(new, batch_size=BATCH)
    StudySession.objects.bulk_update(changed, SESSION_FIELDS, batch_size=BATCH)
    links = StudySession.points.through
    links.objects.filter(studysession__in=changed).delete()
    links.objects.bulk_create(
        (
            links(studysession=session, learningpoint=point)
            for session, points in items
            for point in points
        ),
        batch_size=BATCH * 4,
    )
    _record_history(new, by=by, update=False)
    _record_history(changed, by=by, update=True)
    touched.update((session.held_on, session.organisation_id) for session, _points in items)
    _refresh(touched)
    _write_absences(absences, moved=_moved(changed, before_values))
    return [session for session, _points in items]


def _moved(changed: list[StudySession], before: dict[int, tuple]) -> list[StudySession]:
    """The changed sessions now of another unit or day: their make-up links are checked again."""
    return [s for s in changed if before.get(s.pk) != (s.held_on, s.organisation_id)]


def _write_absences(absences: list[tuple[StudySession, Absences]], *, moved) -> None:
    """The absentees and make-ups the write gives, in a few queries for a whole file; then the
    counts of every session whose absentees changed or were made up or no longer are."""
    recount: set[int] = set()
    listed = {session.pk: a.absentees for session, a in absences if a.absentees is not None}
    stored: dict[int, dict[str, Absentee]] = {pk: {} for pk in listed}
    for absentee in Absentee.objects.filter(session__in=list(listed)):
        stored[absentee.session_id][absentee.name] = absentee
    create, update, keep = [], [], set()
    for pk, rows in listed.items():
        names = [name for name, _reason, _note in rows]
        if len(set(names)) < len(names):
            twice = next(name for name in names if names.count(name) > 1)
            raise ValidationError(_("%(name)s is named twice.") % {"name": twice})
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
    Absentee.objects.bulk_update(update, ["reason", "note"], batch_size=BATCH)
    Absentee.objects.bulk_create(create, batch_size=BATCH)

    for session, given in absences:
        if given.made_up is None:
            continue
        problems = makeup_problems(session, given.made_up)
        if problems:
            raise ValidationError(problems)
        linked = Absentee.objects.filter(made_up_in=session.pk)
        recount.update(linked.values_list("session", flat=True))
        linked.exclude(pk__in=given.made_up).update(made_up_in=None)
        # Locked, then linked only if still free: two make-ups saved at once cannot both claim
        # the same absentee.
        free = (
            Absentee.objects.select_for_update()
            .filter(pk__in=given.made_up)
            .filter(Q(made_up_in__isnull=True) | Q(made_up_in=session.pk))
        )
        claimed = list(free.values_list("pk", "session"))
        if len(claimed) < len(set(given.made_up)):
            raise ValidationError(
                {
                    "made_up": makeup_problems(session, given.made_up)
                    or _(
                        "Someone chosen has just been recorded as made up elsewhere; check and save again."
                    )
                }
            )
        Absentee.objects.filter(pk__in=[pk for pk, _session in claimed]).update(made_up_in=session)
        recount.update(missed for _pk, missed in claimed)
    for session in moved:
        problems = makeup_problems(session, None)
        if problems:
            raise ValidationError(problems)
    _recount(recount)


def _recount(sessions: Iterable[int]) -> None:
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


def _refresh(touched: set[tuple]) -> None:
    """The roll-ups of the (day, unit) pairs a write of sessions touched."""
    units = {unit for _day, unit in touched}
    rollups.refresh(
        days={day for day, _unit in touched}, districts=rollups.districts_of(units), units=units
    )


@transaction.atomic
def session_delete(sessions: QuerySet[StudySession]) -> int:
    """Delete sessions, with their attachments; return how many sessions."""
    touched = set(sessions.values_list("held_on", "organisation_id"))
    # Whoever made up in these sessions no longer has: their sessions are counted again.
    made_up = set(
        Absentee.objects.filter(made_up_in__in=sessions.values("pk")).values_list(
            "session", flat=True
        )
    )
    _total, deleted = sessions.delete()
    _refresh(touched)
    _recount(made_up)
    return deleted.get(StudySession._meta.label, 0)


def _record_history(sessions: list[StudySession], *, by: User | None, update: bool) -> None:
    """A history row for each session, and its learning points, as stored: two INSERT ... SELECT
    statements copying the sessions' rows, whatever their number."""
    if not sessions:
        return
    history = StudySession.history.model
    points = history.points.model
    copied = [
        field.column
        for field in history._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    moment = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = [session.pk for session in sessions]
    marks = ", ".join(["%s"] * len(ids))
    link = StudySession.points.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({', '.join(copied)}, history_date, "  # noqa: S608
            "history_type, history_user_id, history_change_reason) "
            f"SELECT {', '.join(copied)}, %s, %s, %s, NULL FROM {StudySession._meta.db_table} "
            f"WHERE id IN ({marks})",
            [moment, "~" if update else "+", by.pk if by else None, *ids],
        )
        cursor.execute(
            f"INSERT INTO {points._meta.db_table} (id, studysession_id, learningpoint_id, "  # noqa: S608
            f"history_id) SELECT link.id, link.studysession_id, link.learningpoint_id, "
            f"h.history_id FROM {link} link JOIN {history._meta.db_table} h "
            "ON h.id = link.studysession_id AND h.history_date = %s "
            f"WHERE link.studysession_id IN ({marks})",
            [moment, *ids],
        )


@transaction.atomic
def session_record(
    *,
    by: User | None,
    organisation: Organisation,
    held_on: date,
    title: str,
    format: str,
    points: Iterable[LearningPoint],
    participants: int,
    party_members: int = 0,
    host: str = "",
    venue: str = "",
    absentees: Iterable[tuple[str, str, str]] = (),
    absence_note: str = "",
    made_up: Iterable[Absentee] = (),
    summary: str = "",
    attachments: Iterable[tuple[str, File]] = (),
) -> StudySession:
    """Validate and save a new session with its points and attachments (for loaders and scripts;
    the admin validates with its forms first). Nothing is saved on error."""
    session = StudySession(
        organisation=organisation,
        held_on=held_on,
        title=title,
        format=format,
        participants=participants,
        party_members=party_members,
        host=host,
        venue=venue,
        absence_note=absence_note,
        summary=summary,
    )
    session.full_clean()
    absentees = list(absentees)
    for name, reason, note in absentees:
        Absentee(session=session, name=name, reason=reason, note=note).full_clean(
            exclude=["session"]
        )
    points = session_points(points)
    # Check every attachment before anything is written, so a bad one leaves no file behind.
    files = [
        SessionAttachment(session=session, kind=kind or AttachmentKind.PHOTO, file=file)
        for kind, file in attachments
    ]
    for attachment in files:
        attachment.full_clean(exclude=["session"])
    absences = Absences(absentees=absentees, made_up=[absentee.pk for absentee in made_up])
    session_save(session, points=points, by=by, absences=absences)
    for attachment in files:
        attachment.session = session
        attachment.save()
    return session


# --- Reflections --------------------------------------------------------------------------------


def may_review(user: User | None) -> bool:
    """Campaign and district admins approve, feature or return reflections."""
    return user is not None and user.has_perm(REVIEW_PERMISSION)


@transaction.atomic
def reflection_save(
    reflection: Reflection, *, by: User | None, changed: Iterable[str] = ()
) -> Reflection:
    """Save a reflection written or edited in the portal (`changed`: the fields the user changed).

    A new one is recorded as `by`'s. An edit by someone who does not review reflections sends it
    back for review, a returned one included, its old review cleared; a reviewer's change of
    status or reason is recorded as their review.
    """
    changed = set(changed)
    if reflection._state.adding:
        reflection.recorded_by = by
    elif changed and by is not None and not may_review(by):
        # Sent back for review: the old review (a returned one's reason, its reviewer) no longer
        # applies and leaves the form; the history keeps it.
        reflection.set_review(status=ReflectionStatus.SUBMITTED, reason="", by=None, at=None)
    elif changed & {"status", "return_reason"}:
        reflection.set_review(
            status=reflection.status, reason=reflection.return_reason, by=by, at=timezone.now()
        )
    stored = Reflection.objects.filter(pk=reflection.pk)
    was_showcased = stored.showcased().exists()
    stored = stored.values_list("organisation", flat=True)
    units = {reflection.organisation_id, *stored}  # where it was counted, and where it is now
    reflection.district = Organisation.objects.values_list("district", flat=True).get(
        pk=reflection.organisation_id
    )
    reflection._history_user = by
    reflection.save()
    rollups.refresh(
        days={timezone.localtime(reflection.created_at).date()},
        districts=rollups.districts_of(units),
    )
    _showcase_changes(was_showcased, reflection.is_showcased)
    return reflection


@transaction.atomic
def reflection_delete(reflections: QuerySet[Reflection]) -> int:
    """Delete reflections; return how many."""
    touched = list(reflections.values_list("created_at", "organisation"))
    showcased = reflections.showcased().exists()
    _total, deleted = reflections.delete()
    rollups.refresh(
        days={timezone.localtime(moment).date() for moment, _unit in touched},
        districts=rollups.districts_of({unit for _moment, unit in touched}),
    )
    _showcase_changes(showcased)
    return deleted.get(Reflection._meta.label, 0)


@transaction.atomic
def reflection_review(
    *, reflections: QuerySet[Reflection], status: str, by: User, reason: str = ""
) -> int:
    """Approve, feature or return reflections (a reason is required to return); return the count."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"Not a review status: {status!r}")
    now = timezone.now()
    changed = list(reflections.select_for_update(of=("self",)).select_related("organisation"))
    showcased_before = [reflection.is_showcased for reflection in changed]
    for reflection in changed:  # a return needs a reason (set_review refuses one without)
        reflection.set_review(status=status, reason=reason, by=by, at=now)
    bulk_update_with_history(
        changed,
        Reflection,
        ["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"],
        default_user=by,
    )
    rollups.refresh(
        days={timezone.localtime(r.created_at).date() for r in changed},
        districts=rollups.districts_of({r.organisation_id for r in changed}),
    )
    _showcase_changes(*showcased_before, *(reflection.is_showcased for reflection in changed))
    return len(changed)
