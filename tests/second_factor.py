"""Signing in with the second factor in tests and `make bench`, the way the portal documents it.

A session made by `force_login` stands for a complete sign-in: password and code. allauth keeps
the steps of a sign-in in the session (`record_authentication`, method "mfa" once the code is
accepted: `allauth.mfa.base.internal.flows.post_authentication`); these helpers write that same
record, through allauth's own function. A browser signs in through the form and types the code
its authenticator shows (`TEST_TOTP_SECRET`, computed with allauth's TOTP: `totp_code`).
"""

from allauth.account.internal.flows.login import record_authentication
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.test import Client

from accounts.two_factor.demo import give_totp, totp_code

# The authenticator app of every test user who has one (base32, 20 bytes).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

_force_login = Client.force_login


def record_second_factor(session: SessionBase, user) -> None:
    """Record in `session` that `user` entered their code, as allauth's MFA stage does."""
    request = HttpRequest()
    request.session = session
    record_authentication(request, user, "mfa", type="totp")
    session.save()


def force_login_with_second_factor(client: Client, user, backend=None) -> None:
    """`Client.force_login`, second factor included (tests/conftest.py puts it in its place)."""
    _force_login(client, user, backend)
    session = client.session
    record_second_factor(session, user)


def give_test_totp(user) -> str:
    """Give `user` the tests' authenticator app (unless they have one); the code it shows now."""
    give_totp(user, TEST_TOTP_SECRET)
    return totp_code(TEST_TOTP_SECRET)


__all__ = ["TEST_TOTP_SECRET", "force_login_with_second_factor", "give_test_totp", "totp_code"]
