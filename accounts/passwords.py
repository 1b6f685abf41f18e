"""The password rule of backend users (等级保护 asks administrators for complex passwords).

Organisers, district and campaign admins need a password of at least `min_length` characters with
at least `min_classes` of the four kinds: lower-case letters, capitals, digits, other signs.
Readers keep Django's validators alone. Configured in settings (BACKEND_PASSWORD_MIN_LENGTH,
BACKEND_PASSWORD_MIN_CLASSES), applied wherever Django validates a password: the admin's add and
change-password forms, allauth's change and reset pages.
"""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = 4


def character_classes(password: str) -> int:
    """How many of the four kinds of character the password holds."""
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not (c.isascii() and c.isalnum()) for c in password),
        ]
    )


class BackendPasswordValidator:
    """Length and kinds of character for users who work in the backend; readers pass."""

    def __init__(self, min_length: int = 12, min_classes: int = 3):
        if not 1 <= min_classes <= CLASSES:
            raise ImproperlyConfigured(
                f"BACKEND_PASSWORD_MIN_CLASSES must be 1 to {CLASSES}, not {min_classes}."
            )
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        # No user (a form that does not say whose password it is): judged as a backend user's,
        # the stricter, so the rule cannot be skipped by leaving the user out.
        if user is not None and not user.works_in_backend:
            return
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    ngettext(
                        "A backend account's password needs at least %(min_length)d character.",
                        "A backend account's password needs at least %(min_length)d characters.",
                        self.min_length,
                    ),
                    code="backend_password_too_short",
                    params={"min_length": self.min_length},
                )
            )
        if character_classes(password) < self.min_classes:
            errors.append(
                ValidationError(
                    _(
                        "A backend account's password needs at least %(min_classes)d of these "
                        "four kinds of character: lower-case letters, capital letters, digits, "
                        "other signs (such as - or #)."
                    ),
                    code="backend_password_too_simple",
                    params={"min_classes": self.min_classes},
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _(
            "Backend accounts (organisers and administrators): at least %(min_length)d "
            "characters, with at least %(min_classes)d of lower-case letters, capital letters, "
            "digits and other signs."
        ) % {"min_length": self.min_length, "min_classes": self.min_classes}
