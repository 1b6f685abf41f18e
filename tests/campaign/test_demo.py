"""The demo data set: loaded once however often `load_demo` runs, valid, and usable by role."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Role, User
from campaign.demo import DEMO_PASSWORD
from campaign.models import Organisation, Reflection, StudySession


@pytest.fixture
def organisations(decision):
    call_command("load_organisations")


def test_demo_load_twice_creates_everything_once_and_prints_the_accounts(
    organisations, capsys, settings
):
    settings.DEBUG = True  # as under `make run`
    call_command("load_demo")
    counts = (
        Organisation.objects.count(),
        StudySession.objects.count(),
        Reflection.objects.count(),
    )
    call_command("load_demo")

    assert counts[0] == 68 + 30
    assert counts[1] > 30
    assert counts[2] > 10
    assert counts == (
        Organisation.objects.count(),
        StudySession.objects.count(),
        Reflection.objects.count(),
    )
    assert set(User.objects.values_list("username", "role")) == {
        ("admin", Role.CAMPAIGN_ADMIN),
        ("huangpu", Role.DISTRICT_ADMIN),
        ("organiser", Role.ORGANISER),
        ("xuhui", Role.ORGANISER),
        ("reader", Role.READER),
    }
    out = capsys.readouterr().out
    assert out.count(f"password for each: {DEMO_PASSWORD}") == 2
    assert "Demo units created: 0." in out
    assert "[exists]" in out


def test_demo_data_passes_the_model_rules(organisations):
    call_command("load_demo", force=True)

    for session in StudySession.objects.all():
        session.full_clean()
        assert session.points.exists()
    for reflection in Reflection.objects.select_related("session"):
        reflection.full_clean()


def test_demo_needs_the_decision_first(db):
    with pytest.raises(CommandError, match="load_decision"):
        call_command("load_demo", force=True)


def test_demo_accounts_reach_the_backend_by_role(client, organisations):
    call_command("load_demo", force=True)

    for username, status in [("admin", 200), ("huangpu", 200), ("organiser", 200), ("reader", 302)]:
        client.post(reverse("account_login"), {"login": username, "password": DEMO_PASSWORD})
        assert client.session.get("_auth_user_id"), username
        assert client.get(reverse("admin:index")).status_code == status, username
        client.logout()


def test_the_demo_shares_a_reflection_on_each_point_quoting_the_decision(organisations):
    call_command("load_demo", force=True)

    shared = Reflection.objects.showcased().filter(quoted_paragraph__isnull=False)
    points = set(shared.values_list("point__number", flat=True))
    assert points == {1, 2, 3, 4}
    for reflection in shared.select_related("quoted_paragraph"):
        assert reflection.quoted_paragraph.text[:20] in reflection.body or (
            reflection.quoted_paragraph == reflection.point.paragraph
        )
