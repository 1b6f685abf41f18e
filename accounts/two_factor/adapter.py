"""allauth.mfa's adapter for the portal (settings.MFA_ADAPTER): its refusals in the portal's
words, and administrators cannot switch off the factor they are required to have."""

from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.translation import gettext_lazy as _

from accounts.two_factor.required import needs_second_factor


class SecondFactorAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "That code is not right. Enter the six digits your authenticator app shows now."
        ),
        "cannot_delete_authenticator": _(
            "Administrators sign in with two factors: set up another one before removing this one."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        return not needs_second_factor(authenticator.user)
