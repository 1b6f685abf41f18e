from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from campaign.demo import DEMO_PASSWORD


def test_demo_load_twice_creates_each_account_once_and_prints_them(db, capsys, settings):
    settings.DEBUG = True  # as under `make run`
    call_command("load_demo")
    call_command("load_demo")

    assert User.objects.count() == 2
    out = capsys.readouterr().out
    assert out.count(f"password for each: {DEMO_PASSWORD}") == 2
    assert "admin" in out
    assert "[exists]" in out


def test_demo_admin_reaches_the_backend_and_the_reader_does_not(client, db):
    call_command("load_demo", force=True)

    client.post(reverse("account_login"), {"login": "admin", "password": DEMO_PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()

    client.post(reverse("account_login"), {"login": "reader", "password": DEMO_PASSWORD})
    assert client.session.get("_auth_user_id")
    assert client.get(reverse("admin:index")).status_code == 302
