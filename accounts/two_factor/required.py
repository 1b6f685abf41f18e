"""Administrators reach the backend and the reports only when this session was signed in with
a second factor: without one set up they are sent to set one up, with one to enter its code.

Whether the session used a second factor is allauth's record of the sign-in's steps
(`get_authentication_records`, method "mfa": the code at sign-in or at re-authentication), or a
factor set up in this very session (its code was just typed; `trail.factor_added` notes it).
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.models import Role

# Administrators: they see and change a district's or the whole city's records, or the trail.
ROLES_NEEDING_SECOND_FACTOR = frozenset(
    {Role.CAMPAIGN_ADMIN, Role.DISTRICT_ADMIN, Role.AUDIT_ADMIN}
)
# The session key holding the id of a user who set up a factor in this session.
SET_UP_SESSION_KEY = "two_factor_set_up_by"


def needs_second_factor_by_role(user: AbstractBaseUser) -> bool:
    """Whether `user` is an administrator, whom the setting asks for a second factor."""
    return bool(
        user.is_authenticated and (user.is_superuser or user.role in ROLES_NEEDING_SECOND_FACTOR)
    )


def needs_second_factor(user: AbstractBaseUser) -> bool:
    """Whether `user` must sign in with a second factor now (MFA_REQUIRED_FOR_ADMINS)."""
    return settings.MFA_REQUIRED_FOR_ADMINS and needs_second_factor_by_role(user)


def signed_in_with_second_factor(request: HttpRequest) -> bool:
    user = request.user
    if any(r.get("method") == "mfa" for r in get_authentication_records(request, user)):
        return True
    return request.session.get(SET_UP_SESSION_KEY) == str(user.pk)


def guarded_prefixes() -> tuple[str, ...]:
    return (reverse("admin:index"), reverse("campaign:reports"))


class SecondFactorRequiredMiddleware:
    """One check for every backend page and /reports/ (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(guarded_prefixes())
            and needs_second_factor(request.user)
            and not signed_in_with_second_factor(request)
        ):
            return self.second_factor_first(request)
        return self.get_response(request)

    @staticmethod
    def second_factor_first(request: HttpRequest) -> HttpResponseRedirect:
        query = urlencode({"next": request.get_full_path()})
        if is_mfa_enabled(request.user):
            # Signed in before the factor was required, or without it: its code, then on.
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        messages.warning(
            request,
            _(
                "Administrators sign in with two factors. Set up an authenticator app to "
                "continue: scan the code, then enter the six digits it shows."
            ),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
