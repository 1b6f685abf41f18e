"""The second factors' entries in the audit trail, from allauth.mfa's signals (connected in
AccountsConfig.ready): set up, used, refused, removed. The reset by a campaign admin is
recorded where it is done (`two_factor.reset`)."""

from allauth.mfa.models import Authenticator

from accounts import audit
from accounts.audit.actions import Action
from accounts.two_factor.required import SET_UP_SESSION_KEY


def factor_added(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(request, Action.MFA_SET_UP, target=user.get_username(), type=authenticator.type)
    if authenticator.type != Authenticator.Type.RECOVERY_CODES and request is not None:
        # Its code was typed a moment ago: this session has used the second factor.
        request.session[SET_UP_SESSION_KEY] = str(user.pk)


def factor_reset(sender, request, user, authenticator, **kwargs) -> None:
    # allauth's "reset" is new recovery codes in place of the old ones.
    audit.record(
        request, Action.MFA_SET_UP, target=user.get_username(), type=authenticator.type, new=True
    )


def factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(request, Action.MFA_REMOVE, target=user.get_username(), type=authenticator.type)


def factor_used(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(
        request,
        Action.MFA_USE,
        user=user,
        type=authenticator.type,
        reauthenticated=bool(kwargs.get("reauthenticated")),
    )


def factor_refused(sender, request, user, **kwargs) -> None:
    # During sign-in the user is not signed in yet: named here, not taken from the request.
    audit.record(request, Action.MFA_FAILED, user=user)
