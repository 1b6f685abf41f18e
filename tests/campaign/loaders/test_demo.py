"""The demo data set: loaded once however often `load_demo` runs, valid, and usable by role."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from accounts.models import Role, User
from accounts.two_factor.demo import DEMO_TOTP_SECRET, totp_code
from campaign.loaders.demo import (
    ABSENTEE_NAMES,
    BOTH_SHARE,
    DEMO_PASSWORD,
    MAKE_UP_UNITS,
    SAMPLE_SHOWCASE,
    SAMPLE_SLUG,
)
from campaign.models import Absentee, Organisation, Reflection, StudySession
from campaign.services.rollups import studying
from documents.models import FIRST_CAMPAIGN_SLUG, Campaign, Document, LearningPoint, Paragraph


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
        Absentee.objects.count(),
        Absentee.objects.filter(made_up_in__isnull=False).count(),
        Campaign.objects.count(),
        Document.objects.count(),
        Paragraph.objects.count(),
        LearningPoint.objects.count(),
    )
    call_command("load_demo")

    assert counts[0] == 68 + 30
    assert counts[1] > 30
    assert counts[2] > 10
    assert counts[3] > 10
    assert counts[4] >= len(MAKE_UP_UNITS)
    assert counts == (
        Organisation.objects.count(),
        StudySession.objects.count(),
        Reflection.objects.count(),
        Absentee.objects.count(),
        Absentee.objects.filter(made_up_in__isnull=False).count(),
        Campaign.objects.count(),
        Document.objects.count(),
        Paragraph.objects.count(),
        LearningPoint.objects.count(),
    )
    assert counts[5:] == (2, 2, 10 + 9, 4 + 5)  # Li Bin's and the sample's
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
    first, second = out.split("Sample campaign ")[1:]
    assert first.startswith(f"{SAMPLE_SLUG} loaded; rows written: campaign 1,")
    assert second.startswith(f"{SAMPLE_SLUG} already up to date; nothing written.")


def test_demo_data_passes_the_model_rules(organisations):
    call_command("load_demo", force=True)

    for session in StudySession.objects.all():
        session.full_clean()
        assert session.points.exists()
    for reflection in Reflection.objects.select_related("session"):
        reflection.full_clean()
    for absentee in Absentee.objects.all():
        absentee.full_clean()


def test_the_demo_has_absentees_some_made_up_in_a_later_session_of_their_unit(organisations):
    call_command("load_demo", force=True)

    sessions = StudySession.objects.prefetch_related("absentees", "made_up_absentees__session")
    for session in sessions:
        absentees = list(session.absentees.all())
        assert session.absentee_count == len(absentees)
        assert session.made_up_count == sum(a.made_up_in_id is not None for a in absentees)
        for absentee in session.made_up_absentees.all():
            assert absentee.session.organisation_id == session.organisation_id
            assert absentee.session.held_on <= session.held_on
            assert session.title == f"补课：{absentee.session.title}"
    assert {a.name for a in Absentee.objects.all()} <= set(ABSENTEE_NAMES)
    assert len(set(Absentee.objects.values_list("reason", flat=True))) == 4
    # Each make-up unit (the demo organisers' among them) shows a session of whose absentees
    # some made up and some have not, and the make-up session.
    for code in MAKE_UP_UNITS:
        unit = StudySession.objects.filter(organisation__code=code)
        assert unit.filter(absentee_count__gt=F("made_up_count"), made_up_count__gt=0).exists()
        assert unit.filter(title__startswith="补课：", made_up_absentees__isnull=False).exists()


def test_demo_needs_the_decision_first(db):
    with pytest.raises(CommandError, match="load_decision"):
        call_command("load_demo", force=True)


def test_demo_prints_how_to_sign_in_with_the_second_factor(organisations, capsys):
    call_command("load_demo", force=True)

    printed = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in printed
    assert "manage.py demo_code" in printed


def test_demo_accounts_reach_the_backend_by_role(client, organisations):
    call_command("load_demo", force=True)

    for username, status in [("admin", 200), ("huangpu", 200), ("organiser", 200), ("reader", 302)]:
        signed_in = client.post(
            reverse("account_login"), {"login": username, "password": DEMO_PASSWORD}
        )
        if username in {"admin", "huangpu"}:
            # The administrators' second factor: the code of the demo's published secret.
            assert signed_in["Location"] == reverse("mfa_authenticate"), username
            client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
        assert client.session.get("_auth_user_id"), username
        assert client.get(reverse("admin:index")).status_code == status, username
        client.logout()


def test_the_demo_shares_a_reflection_on_each_point_quoting_the_decision(organisations):
    call_command("load_demo", force=True)

    shared = Reflection.objects.showcased().filter(
        quoted_paragraph__isnull=False, point__document__campaign__slug=FIRST_CAMPAIGN_SLUG
    )
    points = set(shared.values_list("point__number", flat=True))
    assert points == {1, 2, 3, 4}
    for reflection in shared.select_related("quoted_paragraph"):
        assert reflection.quoted_paragraph.text[:20] in reflection.body or (
            reflection.quoted_paragraph == reflection.point.paragraph
        )


def test_the_demo_sample_is_a_made_up_campaign_marked_as_such(organisations):
    call_command("load_demo", force=True)

    sample = Campaign.objects.select_related("document").get(slug=SAMPLE_SLUG)
    assert sample.is_sample and sample.is_open
    assert (sample.opens_on.isoformat(), sample.closes_on) == ("2026-01-01", None)
    assert not sample.has_profile and not sample.document.profile_facts.exists()
    assert "示例" in sample.name and "示例" in sample.document.title
    assert "示例" in sample.document.number
    assert all(issuer.startswith("示例") for issuer in sample.document.issuer_list)
    assert "示例" in sample.document.paragraphs.get(number=1).text
    assert "李斌" not in "".join(sample.document.paragraphs.values_list("text", flat=True))
    assert list(sample.document.points.values_list("number", "short_name")) == [
        (1, "重要意义"),
        (2, "岗位练兵"),
        (3, "师带徒"),
        (4, "创新创效"),
        (5, "安全规范"),
    ]
    # The first campaign is loaded as before, the real one.
    li_bin = Campaign.objects.get(slug=FIRST_CAMPAIGN_SLUG)
    assert not li_bin.is_sample and li_bin.document.points.count() == 4


def test_a_good_share_of_the_demo_sessions_count_for_both_campaigns(organisations, client):
    call_command("load_demo", force=True)

    sample = Campaign.objects.get(slug=SAMPLE_SLUG)
    li_bin_points = list(
        LearningPoint.objects.filter(document__campaign__slug=FIRST_CAMPAIGN_SLUG).values_list(
            "pk", flat=True
        )
    )
    sample_points = list(sample.document.points.values_list("pk", flat=True))
    while_it_runs = StudySession.objects.filter(held_on__gte=sample.opens_on)
    both = while_it_runs.filter(studying(li_bin_points)).filter(studying(sample_points))
    assert while_it_runs.count() > 20
    assert both.count() >= while_it_runs.count() * BOTH_SHARE / 2
    assert all("示例学习" in title for title in both.values_list("title", flat=True))
    # Every session studies the first campaign; none studies the sample before it opened.
    assert not StudySession.objects.exclude(studying(li_bin_points)).exists()
    assert not StudySession.objects.filter(
        held_on__lt=sample.opens_on, points__in=sample_points
    ).exists()

    # The sample's shared reflections, on its showcase and not on the first campaign's.
    shared = Reflection.objects.showcased().filter(point__in=sample_points)
    assert sorted(shared.values_list("point__number", flat=True)) == [
        number for number, _code in SAMPLE_SHOWCASE
    ]
    for reflection in shared.select_related("point__paragraph", "quoted_paragraph"):
        assert reflection.quoted_paragraph == reflection.point.paragraph
        assert reflection.quoted_paragraph.text[:20] in reflection.body
        assert "示例" in reflection.title and "示例数据" in reflection.body
    page = client.get(f"/c/{SAMPLE_SLUG}/reflections/").content.decode()
    assert page.count('class="showcase-item"') == len(SAMPLE_SHOWCASE)
    assert "示例心得" not in client.get("/reflections/").content.decode()
