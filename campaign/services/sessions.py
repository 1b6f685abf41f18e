"""Writes of study sessions: one from the admin's form or ten thousand from a file, with
everything derived from them kept in the same transaction."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from campaign.choices import AttachmentKind
from campaign.models import COUNT_FIELDS, Absentee, Organisation, SessionAttachment, StudySession
from campaign.services import rollups
from campaign.services.absences import (
    ROWS_PER_STATEMENT,
    Absences,
    recount_absentees,
    write_absences,
)
from campaign.services.history import record_history
from campaign.services.points import PointRule, session_points
from documents.models import LearningPoint

# What a session's write sets; `created_at` and `recorded_by` stay as the first save set them,
# and the absentee counts are worked out from the absentees' rows.
SESSION_FIELDS = tuple(
    field.name
    for field in StudySession._meta.concrete_fields
    if not field.primary_key and field.name not in {"created_at", "recorded_by", *COUNT_FIELDS}
)


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

    Everything derived from what was written is kept here: the unit's district the lists and
    reports read, who recorded a new session, the absentee counts, one
    history row per session showing its points as saved, and the report roll-ups of the days and
    units touched (before and after the change).
    """
    items = list(items)
    absences = [(item[0], item[2]) for item in items if len(item) > 2]
    new = [item[0] for item in items if item[0]._state.adding]
    changed = [item[0] for item in items if not item[0]._state.adding]
    before = StudySession.objects.filter(pk__in=[session.pk for session in changed])
    before_values = {
        pk: (day, unit) for pk, day, unit in before.values_list("pk", "held_on", "organisation_id")
    }
    touched = set(before_values.values())
    units = Organisation.objects.only("pk", "district", "kind", "path", "name").in_bulk(
        {item[0].organisation_id for item in items}
    )
    districts = {pk: unit.district for pk, unit in units.items()}
    # Every session's points, each of a campaign that calls its unit on the day (those it had
    # before stay): the rule read once for the whole batch.
    rule = PointRule.load()
    kept = defaultdict(set)
    for session_pk, point_pk in StudySession.points.through.objects.filter(
        studysession__in=changed
    ).values_list("studysession_id", "learningpoint_id"):
        kept[session_pk].add(point_pk)
    items = [
        (
            session,
            session_points(
                item[1],
                unit=units[session.organisation_id],
                held_on=session.held_on,
                kept=kept[session.pk],
                rule=rule,
            ),
        )
        for item in items
        for session in (item[0],)
    ]
    now = timezone.now()
    for session, _points in items:
        session.district = districts[session.organisation_id]
        if session._state.adding:
            session.recorded_by = by
        session.updated_at = now  # bulk_update does not set auto_now fields
    StudySession.objects.bulk_create(new, batch_size=ROWS_PER_STATEMENT)
    StudySession.objects.bulk_update(changed, SESSION_FIELDS, batch_size=ROWS_PER_STATEMENT)
    links = StudySession.points.through
    links.objects.filter(studysession__in=changed).delete()
    links.objects.bulk_create(
        (
            links(studysession=session, learningpoint=point)
            for session, points in items
            for point in points
        ),
        batch_size=ROWS_PER_STATEMENT * 4,
    )
    record_history(new, by=by, update=False)
    record_history(changed, by=by, update=True)
    touched.update((session.held_on, session.organisation_id) for session, _points in items)
    _refresh(touched)
    # The changed sessions now of another unit or day: their make-up links are checked again.
    moved = [s for s in changed if before_values.get(s.pk) != (s.held_on, s.organisation_id)]
    write_absences(absences, moved=moved)
    return [session for session, _points in items]


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
    recount_absentees(made_up)
    return deleted.get(StudySession._meta.label, 0)


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
