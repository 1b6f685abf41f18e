"""Reflections (心得体会) on the learning points, and their review."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.choices import ReflectionStatus, one_of
from campaign.models.organisations import Organisation, unit_district
from campaign.models.recorded import Recorded, user_reference
from campaign.models.sessions import StudySession
from campaign.querysets import ReflectionQuerySet
from campaign.validators import MinCharactersValidator

REFLECTION_MIN_CHARACTERS = 200
RETURN_NEEDS_REASON = _("Say why the reflection is returned.")


class Reflection(Recorded):
    """A reflection (心得体会) on one learning point, reviewed by an admin."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reflections",
        verbose_name=_("organisation"),
    )
    district = unit_district()
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
        _("text"),
        max_length=10_000,
        validators=[
            MinCharactersValidator(REFLECTION_MIN_CHARACTERS),
            MaxLengthValidator(10_000),
        ],
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
    return_reason = models.TextField(
        _("reason for returning"),
        blank=True,
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
    )
    public_consent = models.BooleanField(
        _("author agrees to public display"),
        default=False,
    )
    reviewed_by = user_reference(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["district"], verbose_name=_("reflection history"))

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
            # A district admin's list, newest first, down to its last page.
            models.Index(
                fields=["district", "created_at", "id"], name="reflection_district_created"
            ),
            # The showcase, newest first: a small part of the table (querysets.SHOWCASED).
            models.Index(
                fields=["-created_at", "-id"],
                name="reflection_showcase",
                condition=models.Q(status=ReflectionStatus.FEATURED, public_consent=True),
            ),
            # The showcase's count for its pages: a campaign's points and the units (active
            # ones only are shown), read from the index alone (294 → 45 ms at city scale).
            models.Index(
                fields=["point", "organisation"],
                name="reflection_showcase_points",
                condition=models.Q(status=ReflectionStatus.FEATURED, public_consent=True),
            ),
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

    @property
    def is_showcased(self) -> bool:
        """Whether anyone may read it (`ReflectionQuerySet.showcased`), for a row already loaded."""
        return (
            self.status == ReflectionStatus.FEATURED
            and self.public_consent
            and self.organisation.is_active
        )

    def showcase_url(self) -> str:
        """Its page on the showcase (not `get_absolute_url`: the admin would offer "view on
        site" for reflections that are not public)."""
        return reverse("campaign:showcase-detail", args=[self.pk])

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
