"""The sign-in limit: five wrong passwords pause an account's sign-in for five minutes, with 429
and a message saying so; a password reset lifts the pause; the count holds across gunicorn's
workers (the file cache) and across servers (Redis), run for real."""

import contextlib
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.servers import gunicorn, manage, production_env, redis_server


def test_the_sixth_attempt_is_refused_with_429_and_says_why(client, db):
    UserFactory(username="zhang")
    for _ in range(5):
        wrong = client.post(reverse("account_login"), {"login": "zhang", "password": "wrong"})
        assert wrong.status_code == 200

    paused = client.post(reverse("account_login"), {"login": "zhang", "password": PASSWORD})

    assert paused.status_code == 429
    assert paused["Retry-After"] == "300"
    html = paused.content.decode()
    assert "暂停登录五分钟" in html and "重设密码" in html
    assert not paused.context["user"].is_authenticated


def test_a_password_reset_lifts_the_pause(client, db, mailoutbox):
    UserFactory(username="li", email="li@example.com")
    for _ in range(6):
        client.post(reverse("account_login"), {"login": "li", "password": "wrong"})

    client.post(reverse("account_reset_password"), {"email": "li@example.com"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": "a-new-password-2019", "password2": "a-new-password-2019"})
    signed_in = client.post(
        reverse("account_login"), {"login": "li", "password": "a-new-password-2019"}
    )

    assert signed_in.status_code == 302


# --- Across workers and servers, over HTTP ---------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def attempt(base: str, password: str) -> int:
    """One sign-in through the login page as a browser behind the TLS proxy makes it."""
    https = {"X-Forwarded-Proto": "https"}
    opener = urllib.request.build_opener(NoRedirect)
    page = opener.open(urllib.request.Request(base + "/accounts/login/", headers=https))
    cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    form = {"login": "li", "password": password, "csrfmiddlewaretoken": token.group(1)}
    request = urllib.request.Request(
        base + "/accounts/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={
            **https,
            "Cookie": f"csrftoken={cookie}",
            "Origin": "https://portal.example.org",
            "Host": "portal.example.org",
        },
    )
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as answer:
        return answer.code


@pytest.mark.parametrize("shared_by", ["files", "redis"])
def test_the_limit_holds_across_workers_and_servers(tmp_path, shared_by):
    """Each worker used to count in its own memory: 25 guesses instead of 5. Two workers of one
    server share the file cache; two servers share Redis."""
    with contextlib.ExitStack() as stack:
        extra = {"REDIS_URL": stack.enter_context(redis_server())} if shared_by == "redis" else {}
        env = production_env(tmp_path, **extra)
        bases = [stack.enter_context(gunicorn(env, workers=2))]
        if shared_by == "redis":
            bases.append(stack.enter_context(gunicorn(env, workers=2)))
        made = manage(
            env,
            "shell",
            "-c",
            "from accounts.models import User; "
            "User.objects.create_user('li', 'li@example.com', 'right-password-2019')",
        )
        assert made.returncode == 0, made.stderr

        wrong = [attempt(bases[n % len(bases)], "wrong") for n in range(5)]
        paused = attempt(bases[-1], "right-password-2019")

    assert wrong == [200] * 5
    assert paused == 429


def test_a_reader_cannot_add_someone_elses_email_address(client, db):
    """allauth's e-mail page let a reader add any address, unverified, to their own account."""
    client.force_login(UserFactory(username="reader"))

    shown = client.get("/accounts/email/")
    added = client.post("/accounts/email/", {"email": "boss@example.com", "action_add": ""})

    assert shown.status_code == added.status_code == 404
    assert not EmailAddress.objects.filter(email="boss@example.com").exists()
