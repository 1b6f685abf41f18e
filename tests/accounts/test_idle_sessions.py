"""Backend sessions end after BACKEND_IDLE_MINUTES without a request (30 by default); readers'
sessions keep Django's two weeks. Idleness is simulated by moving the session's expiry back, as
that many minutes of silence would leave it: no sleeps."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone


def idle(client, minutes: int) -> None:
    """As if the client had sent nothing for `minutes`: its session expires that much sooner."""
    store = SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    store.set_expiry(store.get_expiry_date() - datetime.timedelta(minutes=minutes))
    store.save()


def minutes_left(client) -> float:
    store = SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    return (store.get_expiry_date() - timezone.now()).total_seconds() / 60


def signed_in(client, user):
    """Signed in whole: password and, for administrators, the second factor (tests/conftest.py)."""
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["organiser", "district_admin", "campaign_admin"])
def test_a_backend_session_idle_past_the_limit_is_signed_out(client, tree, role):
    signed_in(client, getattr(tree, role))
    assert client.get(reverse("admin:index")).status_code == 200
    assert 29 < minutes_left(client) <= 30

    idle(client, 31)

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_active_backend_session_stays_and_its_limit_slides(client, tree):
    signed_in(client, tree.organiser)

    for _ in range(3):  # a request every 20 minutes, an hour in all
        idle(client, 20)
        assert client.get(reverse("admin:index")).status_code == 200
        assert minutes_left(client) > 29


def test_a_readers_session_keeps_its_two_weeks(client, tree):
    signed_in(client, tree.reader)
    client.get(reverse("documents:home"))
    assert minutes_left(client) > 13 * 24 * 60

    idle(client, 31)

    assert client.get(reverse("documents:home")).context["user"] == tree.reader


def test_the_idle_limit_is_a_setting(client, tree, settings):
    settings.BACKEND_IDLE_MINUTES = 5
    signed_in(client, tree.district_admin)
    assert minutes_left(client) <= 5

    idle(client, 6)

    assert client.get(reverse("admin:index")).status_code == 302


def test_anonymous_public_pages_get_no_session(client, db):
    response = client.get(reverse("feedback:send"))

    assert settings.SESSION_COOKIE_NAME not in response.cookies
