"""The audit trail's app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "accounts.audit"
    label = "audit"  # its tables and migrations keep the name they were created with
    verbose_name = _("Security audit")
