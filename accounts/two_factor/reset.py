"""A lost factor: a campaign admin deletes a user's authenticators (the backend's action on the
user's page); the user sets one up again at their next sign-in."""

from allauth.mfa.models import Authenticator
from django.db import transaction

from accounts import audit
from accounts.audit.actions import Action


@transaction.atomic
def authenticators_reset(*, request, user) -> int:
    """Delete every authenticator of `user` (TOTP, keys, recovery codes); one trail entry."""
    types = sorted(set(Authenticator.objects.filter(user=user).values_list("type", flat=True)))
    deleted, _ = Authenticator.objects.filter(user=user).delete()
    if deleted:
        audit.record(request, Action.MFA_RESET, target=user.get_username(), types=types)
    return deleted
