"""Publishing a draft (refused without points or period) and closing an open campaign: each
confirmed, each in the history; a closed campaign takes no new session, and its reports stay."""

import datetime

from django.urls import reverse
from django.utils import timezone

from campaign.admin.session_points import point_choices
from campaign.services.points import PointRule
from documents.models import Campaign
from tests.campaign.campaigns.campaign_page import page_url, posted
from tests.factories import StudySessionFactory


def mark_points(client, campaign, points):
    response = client.get(page_url(campaign))
    assert client.post(page_url(campaign), posted(response, points=points)).status_code == 302


def test_publishing_is_refused_without_points(client_as, draft):
    client = client_as("campaign_admin")
    response = client.post(page_url(draft, "publish"), follow=True)
    assert "请至少勾选一个阐述学习要点的段落" in response.content.decode()
    assert Campaign.objects.get(pk=draft.pk).status == Campaign.Status.DRAFT


def test_publishing_is_refused_without_an_opening_day(client_as, draft):
    client = client_as("campaign_admin")
    mark_points(client, draft, {3: "通读原文"})
    Campaign.objects.filter(pk=draft.pk).update(opens_on=None)
    response = client.post(page_url(draft, "publish"), follow=True)
    assert "请设定活动的起始日期" in response.content.decode()
    assert Campaign.objects.get(pk=draft.pk).status == Campaign.Status.DRAFT


def test_publishing_asks_first_then_opens_the_campaign_in_its_history(client_as, draft, tree):
    client = client_as("campaign_admin")
    mark_points(client, draft, {3: "通读原文", 4: "联系实际"})
    confirm = client.get(page_url(draft, "publish"))
    assert confirm.status_code == 200
    assert Campaign.objects.get(pk=draft.pk).status == Campaign.Status.DRAFT  # not yet
    assert client.post(page_url(draft, "publish")).status_code == 302
    assert Campaign.objects.get(pk=draft.pk).status == Campaign.Status.OPEN
    last = Campaign.history.filter(id=draft.pk).order_by("-history_date").first()
    assert (last.status, last.history_user) == (Campaign.Status.OPEN, tree.campaign_admin)
    assert client.get(reverse("documents:campaign", args=[draft.slug])).status_code == 200
    client.logout()
    assert client.get(reverse("documents:campaign", args=[draft.slug])).status_code == 200


def test_a_closed_campaign_takes_no_new_session_and_its_reports_stay(client_as, sample, tree):
    StudySessionFactory(
        organisation=tree.unit, participants=30, points=list(sample.document.points.all()[:1])
    )
    rule = PointRule.load()
    assert sample.pk in {c.pk for c in rule.open_to(tree.unit)}

    client = client_as("campaign_admin")
    assert client.post(page_url(sample, "close")).status_code == 302
    assert Campaign.objects.get(pk=sample.pk).status == Campaign.Status.CLOSED
    last = Campaign.history.filter(id=sample.pk).order_by("-history_date").first()
    assert (last.status, last.history_user) == (Campaign.Status.CLOSED, tree.campaign_admin)
    # Open-ended until now, it ends the day it is closed, in its history and its reports' period.
    today = timezone.localdate()
    assert (last.closes_on, Campaign.objects.get(pk=sample.pk).closes_on) == (today, today)

    # The organiser's session form no longer offers its points.
    _queryset, choices = point_choices(unit=tree.unit, kept=set(), rule=PointRule.load())
    assert [label for label, _points in choices] == ["向李斌同志学习"]
    organiser = client_as("organiser")
    form = organiser.get(reverse("admin:campaign_studysession_add")).content.decode()
    assert "联系实际" not in form and "政治品格" in form

    # Its pages, dashboard and 汇总表 stay readable as an archive.
    client = client_as("campaign_admin")
    assert client.get(reverse("documents:decision", args=[sample.slug])).status_code == 200
    report = client.get(reverse("campaign:reports"), {"campaign": sample.slug})
    assert report.context["report"].campaign == sample
    assert report.context["report"].until == today
    assert report.context["headline"]["sessions"] == 1
    table = client.get(reverse("campaign:summary-csv"), {"campaign": sample.slug})
    assert table.status_code == 200
    assert "HP-GH-01" in b"".join(table.streaming_content).decode("utf-8-sig")


def test_a_draft_cannot_be_closed_nor_an_open_campaign_published_again(client_as, draft, li_bin):
    client = client_as("campaign_admin")
    client.post(page_url(draft, "close"))
    client.post(page_url(li_bin, "publish"))
    assert Campaign.objects.get(pk=draft.pk).status == Campaign.Status.DRAFT
    assert Campaign.objects.get(pk=li_bin.pk).status == Campaign.Status.OPEN
    assert li_bin.opens_on == datetime.date(2019, 4, 3)


def test_closing_keeps_a_closing_day_already_set(client_as, sample):
    closes = timezone.localdate() + datetime.timedelta(days=30)
    Campaign.objects.filter(pk=sample.pk).update(closes_on=closes)
    assert client_as("campaign_admin").post(page_url(sample, "close")).status_code == 302
    closed = Campaign.objects.get(pk=sample.pk)
    assert (closed.status, closed.closes_on) == (Campaign.Status.CLOSED, closes)
