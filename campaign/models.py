"""What the units did: organisations (a tree), study sessions with attachments, and reflections."""

import datetime
import uuid
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.choices import (
    AttachmentKind,
    District,
    OrganisationKind,
    ReflectionStatus,
    SessionFormat,
    one_of,
)
from campaign.querysets import (
    OrganisationQuerySet,
    ReflectionQuerySet,
    SessionAttachmentQuerySet,
    StudySessionQuerySet,
)
from campaign.validators import (
    MinCharactersValidator,
    sniff_content_type,
    validate_attachment,
    validate_not_in_future,
)

MAX_DEPTH = 4
# The decision's date: the campaign's calendar (reports, the admin's date drill-down) starts here.
CAMPAIGN_START = datetime.date(2019, 4, 3)
REFLECTION_MIN_CHARACTERS = 200
RETURN_NEEDS_REASON = _("Say why the reflection is returned.")
POINT_NUMBERS = (1, 2, 3, 4)
COVERS_POINT_FIELDS = tuple(f"covers_point_{number}" for number in POINT_NUMBERS)


class Organisation(models.Model):
    """A unit in the campaign's tree: a city body → a district body → its units (depth ≤ 4).

    `path` is a materialised path of primary keys ("/3/57/912/"), so "this unit and everything
    under it" is one indexed prefix match at any size; `save` keeps it and `depth` up to date.
    """

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                _("Use letters, digits, “-”, “_” or “.”, starting with a letter or digit."),
            )
        ],
        help_text=_("A stable code, used by imports."),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    district = models.PositiveSmallIntegerField(_("district"), choices=District.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=1, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["district", "path"]
        permissions = [
            ("import_organisation", _("Can import organisations")),
            ("export_organisation", _("Can export organisations")),
        ]
        indexes = [models.Index(fields=["district", "kind"], name="organisation_district_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__gte=1, depth__lte=MAX_DEPTH),
                name="organisation_depth_1_to_4",
            ),
            models.CheckConstraint(
                condition=one_of("kind", OrganisationKind), name="organisation_kind_choice"
            ),
            models.CheckConstraint(
                condition=one_of("district", District), name="organisation_district_choice"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {"parent", "district"} & set(update_fields):
            return super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        with transaction.atomic():
            if self._state.adding:
                super().save(*args, **kwargs)
                self.path = f"{parent_path}{self.pk}/"
                Organisation.objects.filter(pk=self.pk).update(path=self.path)
                return None
            old_path = self.path
            old_depth = old_path.count("/") - 1
            self.path = f"{parent_path}{self.pk}/"
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "path", "depth"}
            super().save(*args, **kwargs)
            below = Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk)
            if old_path and old_path != self.path:
                # Move the whole subtree in one statement.
                below.update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (self.depth - old_depth),
                )
            if self.district != District.CITY:
                # Units under a district body are in its district, wherever it moves.
                Organisation.objects.within(self).exclude(district=self.district).update(
                    district=self.district
                )
        return None

    def clean(self) -> None:
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk and parent.path.startswith(self.path):
            raise ValidationError(
                {"parent": _("An organisation cannot be placed under itself or its own units.")}
            )
        below = 0
        if self.pk:
            deepest = Organisation.objects.within(self).aggregate(deepest=Max("depth"))["deepest"]
            below = (deepest or self.depth) - self.depth
        if parent.depth + 1 + below > MAX_DEPTH:
            raise ValidationError(
                {"parent": _("The tree may be at most %(max)d levels deep.") % {"max": MAX_DEPTH}}
            )
        if parent.district != District.CITY and self.district != parent.district:
            raise ValidationError(
                {
                    "district": _("A unit must be in the district of its parent (%(district)s).")
                    % {"district": parent.get_district_display()}
                }
            )


class Recorded(models.Model):
    """Who recorded a row and when; every write keeps these (history keeps the rest)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class StudySession(Recorded):
    """A study session (学习活动) held by a unit on one or more of the four learning points."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("organisation"),
    )
    held_on = models.DateField(_("date held"), validators=[validate_not_in_future])
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
    # Which of the four points the session covers, copied from `points` by `set_point_flags`
    # whenever a session is written (campaign/services.py): city-wide reports read these instead of
    # joining every session to its points. Derived data: never edited, never asked of the user,
    # and kept out of the history, which records the points themselves.
    covers_point_1 = models.BooleanField(default=False, editable=False)
    covers_point_2 = models.BooleanField(default=False, editable=False)
    covers_point_3 = models.BooleanField(default=False, editable=False)
    covers_point_4 = models.BooleanField(default=False, editable=False)
    absentees = models.TextField(_("absentees and reasons"), blank=True)
    summary = models.TextField(_("summary or minutes"), blank=True)
    history = HistoricalRecords(
        m2m_fields=[points],
        excluded_fields=COVERS_POINT_FIELDS,
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
            models.Index(fields=["held_on"], name="session_date"),
            models.Index(fields=["format"], name="session_format"),
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

    def set_point_flags(self, numbers: Iterable[int]) -> None:
        """Set the `covers_point_N` flags to the given point numbers (not saved)."""
        numbers = set(numbers)
        for number, field in zip(POINT_NUMBERS, COVERS_POINT_FIELDS, strict=True):
            setattr(self, field, number in numbers)

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
        if self._state.adding:
            self.original_name = PurePath(self.file.name).name[:255]
            self.content_type = sniff_content_type(self.file) or "application/octet-stream"
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaign:attachment", args=[self.pk])


class Reflection(Recorded):
    """A reflection (心得体会) on one learning point, reviewed by an admin."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reflections",
        verbose_name=_("organisation"),
    )
    session = models.ForeignKey(
        StudySession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("study session"),
    )
    point = models.ForeignKey(
        "documents.LearningPoint",
        on_delete=models.PROTECT,
        related_name="reflections",
        verbose_name=_("learning point"),
    )
    author_name = models.CharField(_("author"), max_length=50)
    author_position = models.CharField(_("author's position"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), validators=[MinCharactersValidator(REFLECTION_MIN_CHARACTERS)]
    )
    quoted_paragraph = models.ForeignKey(
        "documents.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paragraph of the decision quoted"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReflectionStatus.choices,
        default=ReflectionStatus.SUBMITTED,
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    public_consent = models.BooleanField(
        _("author agrees to public display"),
        default=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(verbose_name=_("reflection history"))

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_reflection", _("Can approve, feature or return reflections")),
            ("export_reflection", _("Can export reflections")),
        ]
        indexes = [
            models.Index(fields=["organisation", "created_at"], name="reflection_org_created"),
            models.Index(fields=["status"], name="reflection_status"),
            models.Index(fields=["point"], name="reflection_point"),
            models.Index(fields=["created_at"], name="reflection_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ReflectionStatus.RETURNED) | ~models.Q(return_reason=""),
                name="reflection_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=one_of("status", ReflectionStatus), name="reflection_status_choice"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def review_errors(self) -> dict[str, str]:
        """What is wrong with the review as it stands: a return needs its reason."""
        if self.status == ReflectionStatus.RETURNED and not self.return_reason.strip():
            return {"return_reason": RETURN_NEEDS_REASON}
        return {}

    def set_review(self, *, status: str, reason: str, by, at) -> None:
        """Record a reviewer's decision (not saved); a reason is kept only for a return."""
        self.status = status
        self.return_reason = reason.strip() if status == ReflectionStatus.RETURNED else ""
        if errors := self.review_errors():
            raise ValidationError(errors)
        self.reviewed_by = by
        self.reviewed_at = at
        self.updated_at = at

    def clean(self) -> None:
        errors = {}
        if (
            self.session_id
            and self.organisation_id
            and (self.session.organisation_id != self.organisation_id)
        ):
            errors["session"] = _("This study session belongs to another organisation.")
        errors |= self.review_errors()
        if errors:
            raise ValidationError(errors)
