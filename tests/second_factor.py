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
from django.utils import timezone

from accounts.two_factor.demo import give_totp, totp_code

TOTP_STEP_SECONDS = 30  # allauth's MFA_TOTP_PERIOD, which the portal leaves as it is

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


# Steps from now of the code typed at a user's first, second and third sign-in within a test:
# allauth refuses a code once used (for its 30 seconds), and accepts a step either side where
# MFA_TOTP_TOLERANCE is 1, as the tests set it (tests/conftest.py).
_STEPS = (0, 1, -1)
_sign_ins: dict[str, int] = {}


def code_for_next_sign_in(user) -> str:
    """The code an administrator types at their next sign-in of this test: now's at the first, the
    next step's at a second within the same half minute, then the last step's."""
    earlier = _sign_ins.get(user.username, 0)
    _sign_ins[user.username] = earlier + 1
    step = _STEPS[min(earlier, len(_STEPS) - 1)]
    return totp_code(TEST_TOTP_SECRET, at=timezone.now().timestamp() + step * TOTP_STEP_SECONDS)


def forget_sign_ins() -> None:
    """A new test: no code used yet (the cache that remembers used codes is emptied too)."""
    _sign_ins.clear()


__all__ = [
    "TEST_TOTP_SECRET",
    "code_for_next_sign_in",
    "force_login_with_second_factor",
    "forget_sign_ins",
    "give_test_totp",
    "totp_code",
]
