"""The reminders sent by mail (`manage.py send_reminders`): who got what, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.querysets import ReminderLogQuerySet


class ReminderLog(models.Model):
    """One reminder as it was sent: to whom (kept by address too, should the account go), when,
    and its text. At most one a person in `reminders.QUIET_DAYS`."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email address"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    units = models.PositiveIntegerField(_("units named"))

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "sent_at"], name="reminder_recipient_sent")]

    def __str__(self) -> str:
        return f"{self.email} · {self.subject}"
