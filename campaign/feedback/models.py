"""An opinion or complaint (意见建议), and the answer it gets.

Nothing here says who sent it, beyond the contact the sender chose to give: no account, no
address. The sender reads the answer through a private link whose token is kept only as a hash.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MAX_LENGTH = 2000
CONTACT_MAX_LENGTH = 100
ANSWER_MAX_LENGTH = 4000


class Category(models.TextChoices):
    OPINION = "opinion", _("Opinion or suggestion")
    COMPLAINT = "complaint", _("Complaint")
    # What PIPL lets a member ask: a copy, a correction or the deletion of their data.
    PERSONAL_DATA = "personal_data", _("Request about my personal information")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, not yet answered")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


def hash_token(token: str) -> str:
    """The stored form of a private link's token (the token itself is never kept)."""
    return hashlib.sha256(token.encode()).hexdigest()


class OpinionQuerySet(models.QuerySet):
    def by_token(self, token: str) -> "OpinionQuerySet":
        return self.filter(token_hash=hash_token(token))


class Opinion(models.Model):
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    text = models.TextField(_("opinion"), max_length=TEXT_MAX_LENGTH)
    contact = models.CharField(_("contact"), max_length=CONTACT_MAX_LENGTH, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("answered by"),
    )

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("opinion or complaint")
        verbose_name_plural = _("opinions and complaints")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=Category.values), name="opinion_category_choice"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="opinion_status_choice"
            ),
        ]

    def __str__(self) -> str:
        if self.sent_at is None:
            return str(self.get_category_display())
        return f"{self.get_category_display()} {timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}"
