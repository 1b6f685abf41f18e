"""The demo's authenticator: one published TOTP secret for the demo's administrators, so a
newcomer signs in as them with any authenticator app (or the code `load_demo` prints). For
development only, like the demo's password: `load_demo` refuses to run with DEBUG off."""

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

# Base32, as authenticator apps take it ("enter a setup key"); the same in the README.
DEMO_TOTP_SECRET = "LIBINDEMOLIBINDEMOLIBINDEMOLIBIN"  # noqa: S105  (published, demo only)


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The six digits an authenticator app shows for `secret` now (allauth's own TOTP)."""
    moment = timezone.now().timestamp() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // app_settings.TOTP_PERIOD))


def give_totp(user: AbstractBaseUser, secret: str) -> bool:
    """Give `user` an authenticator app with `secret`, unless they have one (idempotent)."""
    if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        return False
    TOTP.activate(user, secret)
    return True
