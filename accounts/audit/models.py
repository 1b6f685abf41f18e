"""The trail itself: `AuditEvent`, written once and never changed.

The ORM refuses to change or delete an entry (`save` of a stored one, `update`, `delete`); on
PostgreSQL the database refuses too (the trigger of migration 0002). Only `prune_audit` removes
entries, once they are older than the retention period (`audit.retention`).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.actions import Action

USER_AGENT_LENGTH = 255
TARGET_LENGTH = 255


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit entry."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted; prune_audit removes old ones.")

    def _prune(self) -> int:
        """Delete these entries: `audit.retention.prune`'s alone (the database still refuses
        any younger than the retention period)."""
        return models.QuerySet.delete(self)[0]


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    # PROTECT: a user with entries is deactivated, not deleted (SET_NULL would be an UPDATE of the
    # entry, which the database refuses). `username` keeps the name as it was, and the name an
    # unknown account was tried with.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    target = models.CharField(_("target"), max_length=TARGET_LENGTH, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=USER_AGENT_LENGTH, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        # The backend's own permissions are not used: the audit admin's pages ask the role.
        default_permissions = ()
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at"),
            # The backend's filter by user is a case-blind exact match (`=username`).
            models.Index(Upper("username"), models.F("at").desc(), name="audit_username_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
        ]

    def __str__(self) -> str:
        # Only the number: a page that lists related objects (the admin's "cannot delete this
        # user") must not show the trail's contents to whoever opens it.
        return _("Audit entry %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted; prune_audit removes old ones.")
