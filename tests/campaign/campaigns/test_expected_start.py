"""The expected start: the dashboard counts the called units past it without a first session for
the campaign; a count for campaign and district admins, never a list, never public."""

import datetime

from django.urls import reverse

from campaign.models import Exemption
from campaign.reports import expected
from campaign.reports.report import Report
from documents.models import Campaign
from tests.factories import StudySessionFactory

TODAY = datetime.date.today()


def expecting(campaign, days_ago: int) -> Campaign:
    Campaign.objects.filter(pk=campaign.pk).update(
        expected_start=TODAY - datetime.timedelta(days=days_ago)
    )
    return Campaign.objects.select_related("document").get(pk=campaign.pk)


def test_the_units_past_the_expected_start_without_a_session_are_counted(
    client_as, sample, tree, django_assert_max_num_queries
):
    sample = expecting(sample, 5)
    first = list(sample.document.points.all()[:1])
    StudySessionFactory(organisation=tree.unit, participants=30, points=first)
    Exemption.objects.create(campaign=sample, organisation=tree.sibling, reason="merged")
    # Called: the city's 7 units less the exempt one; one held a session.
    report = Report(user=tree.campaign_admin, campaign=sample)
    with django_assert_max_num_queries(3):
        assert expected.units_past_expected_start(report) == 5
    # A district admin counts their district's: huangpu_body, team (unit held one, sibling exempt).
    district = Report(user=tree.district_admin, campaign=sample)
    assert expected.units_past_expected_start(district) == 2

    page = client_as("campaign_admin").get(reverse("campaign:reports"), {"campaign": sample.slug})
    assert page.context["late_units"] == 5
    assert "units-past-expected-start" in page.content.decode()


def test_no_count_before_the_day_nor_for_organisers(client_as, sample, tree):
    sample = expecting(sample, -3)  # in three days
    assert (
        expected.units_past_expected_start(Report(user=tree.campaign_admin, campaign=sample))
        is None
    )
    sample = expecting(sample, 5)
    assert expected.units_past_expected_start(Report(user=tree.organiser, campaign=sample)) is None
    page = client_as("organiser").get(reverse("campaign:reports"), {"campaign": sample.slug})
    assert "units-past-expected-start" not in page.content.decode()
