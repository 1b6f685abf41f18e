"""Exemptions: a unit within a campaign's scope that is not called to take part in it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.choices import ExemptionReason, one_of
from campaign.models.organisations import Organisation
from campaign.querysets import ExemptionQuerySet


class Exemption(models.Model):
    """A district admin's word that a unit of their district is not called by a campaign (merged,
    dissolved, not yet staffed): not counted as called, not listed as silent, not reminded."""

    campaign = models.ForeignKey(
        "documents.Campaign",
        on_delete=models.CASCADE,
        related_name="exemptions",
        verbose_name=_("campaign"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="exemptions",
        verbose_name=_("organisation"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ExemptionReason.choices)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Required when the reason is “other”.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("exemption history"))

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        ordering = ["campaign", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="exemption_once_a_campaign"
            ),
            models.CheckConstraint(
                condition=one_of("reason", ExemptionReason), name="exemption_reason_choice"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=ExemptionReason.OTHER) | ~models.Q(note=""),
                name="exemption_other_reason_said",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.campaign}（{self.get_reason_display()}）"

    def clean(self) -> None:
        if self.reason == ExemptionReason.OTHER and not self.note.strip():
            raise ValidationError({"note": _("Say what the other reason is.")})
