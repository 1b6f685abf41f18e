"""The backend's page per campaign: campaign admins mark its points, add its profile, choose its
scope and period; district admins read those touching their district; no one else sees them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaign.choices import District
from documents.models import Campaign, LearningPoint, ProfileFact
from tests.campaign.campaigns.campaign_page import page_url, posted
from tests.forms import shows_error_in_row

CHANGELIST = reverse("admin:documents_campaign_changelist")


def test_the_campaign_admin_lists_every_campaign_with_its_status(client_as, draft, li_bin):
    client = client_as("campaign_admin")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "示例草稿活动" in page and "向李斌同志学习" in page
    assert "草稿" in page and "进行中" in page
    assert len(queries) < 15  # no query per row


def test_the_page_proposes_the_paragraphs_that_open_with_an_ordinal(client_as, draft):
    response = client_as("campaign_admin").get(page_url(draft))
    rows = response.context["paragraphs"].forms
    marked = {
        n: row["short_name"].value() for n, row in enumerate(rows, 1) if row["states_point"].value()
    }
    # The short names are guessed as for data files (the words after the last 的): to check.
    assert marked == dict.fromkeys(range(3, 10), "方法")


def test_marking_three_points_saves_them_with_their_headings(client_as, draft, tree):
    client = client_as("campaign_admin")
    response = client.get(page_url(draft))
    data = posted(response, points={3: "读原文", 4: "联系实际", 6: "学以致用"})
    response = client.post(page_url(draft), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    points = list(LearningPoint.objects.filter(document=draft.document).select_related("paragraph"))
    assert [(p.number, p.short_name, p.paragraph.number) for p in points] == [
        (1, "读原文", 3),
        (2, "联系实际", 4),
        (3, "学以致用", 6),
    ]
    assert points[0].heading == "一是要学习通读原文的方法。"
    history = LearningPoint.history.filter(id__in=[p.pk for p in points], history_type="+")
    assert {record.history_user for record in history} == {tree.campaign_admin}


def test_a_marked_point_needs_a_short_name(client_as, draft):
    client = client_as("campaign_admin")
    response = client.get(page_url(draft))
    response = client.post(page_url(draft), posted(response, points={3: "", 4: "联系实际"}))
    assert response.status_code == 200
    assert "请为这个学习要点取一个简称" in response.content.decode()
    assert not LearningPoint.objects.filter(document=draft.document).exists()


def test_a_profile_fact_is_accepted_only_when_quoted_from_exactly_one_paragraph(client_as, draft):
    client = client_as("campaign_admin")
    shown = client.get(page_url(draft))
    nowhere = posted(shown, honours="示例同志", facts=[("honour", "全国劳动模范")])
    response = client.post(page_url(draft), nowhere)
    assert response.status_code == 200
    assert "只能从一个段落中逐字引用" in response.content.decode()
    # 学习 is in many paragraphs: not exactly one.
    response = client.post(
        page_url(draft), posted(shown, honours="示例同志", facts=[("career", "学习")])
    )
    assert response.status_code == 200
    assert "现在在 9 个段落中找到" in response.content.decode()
    assert not ProfileFact.objects.filter(document=draft.document).exists()

    quoted = posted(shown, honours="示例同志", facts=[("achievement", "老同志带新同志")])
    assert client.post(page_url(draft), quoted).status_code == 302
    fact = ProfileFact.objects.select_related("paragraph").get(document=draft.document)
    assert (fact.kind, fact.text, fact.paragraph.number) == ("achievement", "老同志带新同志", 7)
    assert Campaign.objects.get(pk=draft.pk).honours == "示例同志"


def test_scope_and_period_are_saved_and_a_wrong_code_is_refused(client_as, draft, tree):
    client = client_as("campaign_admin")
    shown = client.get(page_url(draft))
    opens = draft.opens_on
    wrong = posted(shown, districts=[District.HUANGPU], under="HP-GH\nNO-SUCH")
    response = client.post(page_url(draft), wrong)
    assert shows_error_in_row(response, "under")
    assert "NO-SUCH" in response.content.decode()
    assert Campaign.objects.get(pk=draft.pk).scope == {}

    closes = opens + datetime.timedelta(days=90)
    right = posted(
        shown,
        districts=[District.HUANGPU],
        kinds=["union_branch"],
        under="HP-GH",
        closes_on=closes,
        expected_start=opens + datetime.timedelta(days=30),
    )
    assert client.post(page_url(draft), right).status_code == 302
    saved = Campaign.objects.get(pk=draft.pk)
    assert saved.scope == {
        "districts": [District.HUANGPU],
        "kinds": ["union_branch"],
        "under": ["HP-GH"],
    }
    assert (saved.closes_on, saved.expected_start) == (closes, opens + datetime.timedelta(days=30))

    before = posted(shown, closes_on=opens - datetime.timedelta(days=1))
    response = client.post(page_url(draft), before)
    assert shows_error_in_row(response, "closes_on")


def test_a_district_admin_reads_only_published_campaigns_touching_their_district(
    client_as, draft, li_bin, sample
):
    Campaign.objects.filter(pk=sample.pk).update(scope={"districts": [District.XUHUI]})
    client = client_as("district_admin")
    page = client.get(CHANGELIST).content.decode()
    assert "向李斌同志学习" in page
    assert "示例学习活动" not in page and "示例草稿活动" not in page
    assert client.get(page_url(sample)).status_code == 404
    assert client.get(page_url(draft)).status_code == 404

    response = client.get(page_url(li_bin))
    assert response.status_code == 200
    assert not response.context["editable"]
    assert 'name="_save"' not in response.content.decode()
    assert response.context["form"].fields["name"].disabled
    assert client.post(page_url(li_bin), {"name": "改名"}).status_code == 403
    assert client.post(page_url(li_bin, "close")).status_code == 403
    assert Campaign.objects.get(pk=li_bin.pk).status == Campaign.Status.OPEN


@pytest.mark.parametrize("role", ["organiser", "reader"])
def test_organisers_and_readers_see_nothing_of_the_campaigns(client_as, li_bin, role):
    client = client_as(role)
    expected = 403 if role == "organiser" else 302  # a reader is not let into the backend
    assert client.get(CHANGELIST).status_code == expected
    assert client.get(page_url(li_bin)).status_code in (403, 302)
    assert client.post(page_url(li_bin, "close")).status_code in (403, 302)
    assert Campaign.objects.get(pk=li_bin.pk).status == Campaign.Status.OPEN
    if role == "organiser":
        assert "documents/campaign" not in client.get(reverse("admin:index")).content.decode()
