"""A unit's ledger across campaigns, and the session form that offers each campaign's points."""

from django.urls import reverse

from campaign.choices import District
from campaign.models import StudySession
from tests.factories import StudySessionFactory


def points_of(campaign, *numbers):
    return list(campaign.document.points.filter(number__in=numbers))


def test_a_units_ledger_shows_each_session_once_with_every_campaign_it_served(
    tree, li_bin, sample, client_as
):
    StudySessionFactory(
        organisation=tree.unit,
        title="班组学习会",
        points=[*points_of(li_bin, 1, 3), *points_of(sample, 2)],
    )
    StudySessionFactory(organisation=tree.unit, title="示例专题学习", points=points_of(sample, 4))

    page = client_as("organiser").get(reverse("campaign:unit-ledger", args=[tree.unit.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("班组学习会") == 1
    assert "向李斌同志学习：政治品格、敬业精神；示例学习活动：联系实际" in html
    assert "学习活动2次" in html  # the sample's
    assert "学习活动1次" in html  # Li Bin's


def test_a_ledger_outside_the_users_reach_is_not_found(tree, client_as):
    page = client_as("organiser").get(reverse("campaign:unit-ledger", args=[tree.other.pk]))

    assert page.status_code == 404


def test_the_session_form_groups_the_points_by_campaign(tree, li_bin, sample, client_as):
    page = client_as("organiser").get(reverse("admin:campaign_studysession_add"))

    groups = [label for label, _choices in page.context["adminform"].form.fields["points"].choices]
    assert groups == ["示例学习活动", "向李斌同志学习"]
    html = page.content.decode()
    assert "示例学习活动" in html and "7. 持之以恒" in html


def test_the_session_form_offers_only_the_campaigns_that_call_the_unit(
    tree, li_bin, sample, client_as
):
    sample.scope = {"districts": [District.XUHUI]}
    sample.save()

    form = (
        client_as("organiser")
        .get(reverse("admin:campaign_studysession_add"))
        .context["adminform"]
        .form
    )

    assert [label for label, _choices in form.fields["points"].choices] == ["向李斌同志学习"]


def test_a_point_of_a_campaign_that_does_not_call_the_unit_is_refused_next_to_the_points(
    tree, li_bin, sample, client_as
):
    sample.scope = {"districts": [District.XUHUI]}
    sample.save()
    hostile = points_of(sample, 1)[0]

    page = client_as("organiser").post(
        reverse("admin:campaign_studysession_add"),
        {
            "organisation": tree.unit.pk,
            "held_on": "2026-01-05",
            "title": "学习会",
            "format": "group_study",
            "points": [points_of(li_bin, 1)[0].pk, hostile.pk],
            "participants": 10,
            "party_members": 2,
            "absentees-TOTAL_FORMS": 0,
            "absentees-INITIAL_FORMS": 0,
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
        },
    )

    assert page.status_code == 200
    assert "points" in page.context["adminform"].form.errors
    assert not StudySession.objects.exists()


def test_the_coverage_lists_next_page_keeps_the_campaign_and_the_list(tree, li_bin, client_as):
    from tests.factories import OrganisationFactory

    for n in range(55):
        OrganisationFactory(code=f"HP-NEW-{n:02d}", parent=tree.huangpu_body)

    html = (
        client_as("campaign_admin")
        .get(reverse("campaign:reports"), {"campaign": "li-bin-2019", "show": "none"})
        .content.decode()
    )

    assert 'href="?campaign=li-bin-2019&amp;show=none&amp;page=2"' in html
