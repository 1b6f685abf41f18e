"""Writes that touch several rows or models. Keyword-only, typed, atomic."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from campaign.choices import AttachmentKind, ReflectionStatus
from campaign.models import Organisation, Reflection, SessionAttachment, StudySession
from documents.models import LearningPoint

REVIEW_STATUSES = (ReflectionStatus.APPROVED, ReflectionStatus.FEATURED, ReflectionStatus.RETURNED)


@transaction.atomic
def session_record(
    *,
    by: User,
    organisation: Organisation,
    held_on: date,
    title: str,
    format: str,
    points: Iterable[LearningPoint],
    participants: int,
    party_members: int = 0,
    host: str = "",
    venue: str = "",
    absentees: str = "",
    summary: str = "",
    attachments: Iterable[tuple[str, File]] = (),
) -> StudySession:
    """Validate and save a session with its points and attachments; nothing is saved on error."""
    points = list(points)
    session = StudySession(
        organisation=organisation,
        held_on=held_on,
        title=title,
        format=format,
        participants=participants,
        party_members=party_members,
        host=host,
        venue=venue,
        absentees=absentees,
        summary=summary,
        recorded_by=by,
    )
    session.full_clean()
    if not points:
        raise ValidationError({"points": _("Choose at least one learning point.")})
    # Check every attachment before anything is written, so a bad one leaves no file behind.
    files = [
        SessionAttachment(session=session, kind=kind or AttachmentKind.PHOTO, file=file)
        for kind, file in attachments
    ]
    for attachment in files:
        attachment.full_clean(exclude=["session"])
    session._history_user = by
    session.save()
    session.points.set(points)
    for attachment in files:
        attachment.session = session
        attachment.save()
    return session


@transaction.atomic
def reflection_review(
    *, reflections: QuerySet[Reflection], status: str, by: User, reason: str = ""
) -> int:
    """Approve, feature or return reflections (a reason is required to return); return the count."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"Not a review status: {status!r}")
    if status == ReflectionStatus.RETURNED and not reason.strip():
        raise ValidationError({"return_reason": _("Say why the reflection is returned.")})
    now = timezone.now()
    changed = list(reflections.select_for_update())
    for reflection in changed:
        reflection.set_review(status=status, reason=reason, by=by, at=now)
    bulk_update_with_history(
        changed,
        Reflection,
        ["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"],
        default_user=by,
    )
    return len(changed)
