"""Study sessions (学习活动) and their attachments."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.choices import AbsenceReason, AttachmentKind, SessionFormat, one_of
from campaign.models.organisations import Organisation, unit_district
from campaign.models.recorded import Recorded
from campaign.querysets import SessionAttachmentQuerySet, StudySessionQuerySet
from campaign.validators import (
    sniff_content_type,
    validate_attachment,
    validate_in_campaign,
    validate_not_in_future,
)

COUNT_FIELDS = ("absentee_count", "made_up_count")
# The longest name and note of an absentee (spreadsheets refuse longer ones by these too).
ABSENTEE_NAME_MOST = 50
ABSENTEE_NOTE_MOST = 200


class StudySession(Recorded):
    """A study session (学习活动) held by a unit on one or more of the four learning points."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("organisation"),
    )
    district = unit_district()
    held_on = models.DateField(
        _("date held"), validators=[validate_in_campaign, validate_not_in_future]
    )
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices)
    points = models.ManyToManyField(
        "documents.LearningPoint", related_name="sessions", verbose_name=_("learning points")
    )
    host = models.CharField(_("host or speaker"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])
    party_members = models.PositiveIntegerField(
        _("party members among them"), default=0, validators=[MinValueValidator(0)]
    )
    # Text fields have limits too: an import must not store a 20-million-character summary.
    # Absentees are rows (`Absentee`); this note holds what else there is to say about absence,
    # and the free text units typed before, where it did not read as names and reasons.
    absence_note = models.TextField(
        _("other notes on absence"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Name each absentee in the list of absentees; this is for anything else."),
    )
    summary = models.TextField(
        _("summary or minutes"),
        blank=True,
        max_length=10_000,
        validators=[MaxLengthValidator(10_000)],
    )
    # Derived data (services keep them): the session's absentees, and how many of them
    # have made up in a later session, for the reports' sums.
    absentee_count = models.PositiveIntegerField(default=0, editable=False)
    made_up_count = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(
        m2m_fields=[points],
        excluded_fields=[*COUNT_FIELDS, "district"],
        verbose_name=_("study session history"),
    )

    objects = StudySessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-held_on", "-pk"]
        permissions = [
            ("import_studysession", _("Can import study sessions")),
            ("export_studysession", _("Can export study sessions")),
        ]
        indexes = [
            models.Index(fields=["organisation", "held_on"], name="session_organisation_date"),
            # The days of a period, and on PostgreSQL which units held sessions on them (joined
            # to their points by id) without reading the sessions: the reports' edges of a
            # period, the roll-ups.
            models.Index(
                fields=["held_on"], include=["id", "organisation"], name="session_date_units"
            ),
            models.Index(fields=["format"], name="session_format"),
            # A district admin's list, newest first, down to its last page.
            models.Index(fields=["district", "held_on", "id"], name="session_district_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participants__gte=1), name="session_participants_at_least_1"
            ),
            models.CheckConstraint(
                condition=models.Q(party_members__lte=F("participants")),
                name="session_party_members_within_participants",
            ),
            models.CheckConstraint(
                condition=one_of("format", SessionFormat), name="session_format_choice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}" if self.held_on else self.title

    def clean(self) -> None:
        if (
            self.participants is not None
            and self.party_members is not None
            and self.party_members > self.participants
        ):
            raise ValidationError(
                {
                    "party_members": _(
                        "Party members (%(members)d) cannot outnumber the participants (%(total)d)."
                    )
                    % {"members": self.party_members, "total": self.participants}
                }
            )


class Absentee(models.Model):
    """Someone absent from a session (缺席人员), why, and the later session of the same unit in
    which they made it up (补课), if they have. Written only through `campaign.services`."""

    session = models.ForeignKey(
        StudySession,
        on_delete=models.CASCADE,
        related_name="absentees",
        verbose_name=_("study session"),
    )
    name = models.CharField(_("full name"), max_length=ABSENTEE_NAME_MOST)
    reason = models.CharField(_("reason"), max_length=20, choices=AbsenceReason.choices)
    note = models.CharField(
        _("note"),
        max_length=ABSENTEE_NOTE_MOST,
        blank=True,
        help_text=_("Required when the reason is “other”."),
    )
    made_up_in = models.ForeignKey(
        StudySession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="made_up_absentees",
        verbose_name=_("make-up session"),
    )

    class Meta:
        verbose_name = _("absentee")
        verbose_name_plural = _("absentees")
        ordering = ["session", "pk"]
        constraints = [
            # One person once a session: a make-up names them, so a name must say who.
            models.UniqueConstraint(fields=["session", "name"], name="absentee_once_a_session"),
            models.CheckConstraint(
                condition=one_of("reason", AbsenceReason), name="absentee_reason_choice"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=AbsenceReason.OTHER) | ~models.Q(note=""),
                name="absentee_other_reason_said",
            ),
            models.CheckConstraint(
                condition=~models.Q(made_up_in=F("session")), name="absentee_made_up_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_reason_display()}）"

    def clean(self) -> None:
        if self.reason == AbsenceReason.OTHER and not self.note.strip():
            raise ValidationError({"note": _("Say what the other reason is.")})


def _attachment_path(instance: "SessionAttachment", filename: str) -> str:
    # Never the uploader's file name on disk: it is kept in `original_name` for display only.
    return f"sessions/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class SessionAttachment(models.Model):
    """A photo or sign-in sheet of a session; served only to users who can see the session."""

    session = models.ForeignKey(
        StudySession,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("study session"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, validators=[validate_attachment])
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    content_type = models.CharField(_("content type"), max_length=50, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = SessionAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", AttachmentKind), name="attachment_kind_choice"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs):
        # A new upload, for a new attachment or replacing one: a file not yet in the storage.
        if not self.file._committed:
            self.original_name = PurePath(self.file.name).name[:255]
            self.content_type = sniff_content_type(self.file) or "application/octet-stream"
            self.size = self.file.size
        super().save(*args, **kwargs)

    def download_url(self) -> str:
        # Not get_absolute_url: the admin's /admin/r/<type>/<id>/ would redirect for an existing
        # id whatever its scope and answer 404 for a missing one, telling which ids exist.
        return reverse("campaign:attachment", args=[self.pk])
