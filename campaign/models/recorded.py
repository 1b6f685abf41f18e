"""Who recorded a row and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def user_reference(verbose_name) -> models.ForeignKey:
    """The user who did something to a row, set by the portal, never edited; kept (as NULL) when
    the account is deleted, so that deleting a user deletes no record."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class Recorded(models.Model):
    """Who recorded a row and when; every write keeps these (history keeps the rest)."""

    recorded_by = user_reference(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
