"""What the trail records: one choice per kind of security event."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_IN_PAUSED = "sign_in_paused", _("Sign-in refused: paused after failures")
    SIGN_OUT = "sign_out", _("Signed out")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    ACCOUNT_CREATE = "account_create", _("Account created")
    ACCOUNT_DEACTIVATE = "account_deactivate", _("Account deactivated")
    ACCOUNT_REACTIVATE = "account_reactivate", _("Account reactivated")
    ROLE_CHANGE = "role_change", _("Role or unit changed")
    EXPORT = "export", _("Records exported")
    DOWNLOAD = "download", _("Report or record downloaded")
    IMPORT = "import", _("File imported")
    EXEMPTION = "exemption", _("Exemption from a campaign")
    BACKUP = "backup", _("Backup or restore")
    AUDIT_EXPORT = "audit_export", _("Audit trail exported")
    AUDIT_PRUNE = "audit_prune", _("Old audit entries removed")
    ANONYMISE = "anonymise", _("Personal data anonymised")
    CAMPAIGN = "campaign", _("Campaign started, published or closed")
    MFA_SET_UP = "mfa_set_up", _("Second factor set up")
    MFA_USE = "mfa_use", _("Signed in with a second factor")
    MFA_FAILED = "mfa_failed", _("Second factor code refused")
    MFA_REMOVE = "mfa_remove", _("Second factor removed")
    MFA_RESET = "mfa_reset", _("Second factors reset by an administrator")


# Sign-in events are written on a best-effort basis: refusing a sign-in (or a sign-out) because
# the trail could not be written would lock everyone out, the audit admin included.
BEST_EFFORT = frozenset(
    {
        Action.SIGN_IN,
        Action.SIGN_IN_FAILED,
        Action.SIGN_IN_PAUSED,
        Action.SIGN_OUT,
        Action.MFA_USE,
        Action.MFA_FAILED,
    }
)
# Recorded before the file is made: when the entry cannot be written, no file leaves.
BEFORE_THE_FACT = frozenset({Action.EXPORT, Action.DOWNLOAD, Action.AUDIT_EXPORT})
