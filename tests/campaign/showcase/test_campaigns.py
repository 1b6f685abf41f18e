"""Each campaign's showcase (/c/<slug>/reflections/): its own reflections, filtered by its own
points; the first campaign's old address (/reflections/, ?point=N) answering the same page; and
search across the published campaigns, each hit naming its campaign."""

import re

import pytest
from django.urls import reverse

from documents.loader import load_decision
from documents.models import Campaign, LearningPoint, Paragraph
from tests.campaign.showcase.conftest import SHOWN
from tests.documents.folders import SAMPLE_NAME, sample_folder
from tests.factories import ReflectionFactory
from tests.source import texts_of

LI_BIN = "/c/li-bin-2019/reflections/"
SAMPLE = "/c/sample-2026/reflections/"
# The sample of tests/documents/folders.py: its second point (联系实际) is stated in paragraph 4.
SAMPLE_BODY = (
    "学习示例决定中“联系实际”的要求，我结合本职工作，找准学习与工作的结合点，"
    "把读书笔记整理成班组的改进清单，逐条落实。（示例数据）"
) * 4


def text(response) -> str:
    return response.content.decode()


def titles(html: str) -> list[str]:
    return [re.sub(r"\s+", "", t) for t in texts_of(html, "showcase-item")]


@pytest.fixture
def two_campaigns(tree, gallery, tmp_path):
    """The Li Bin campaign's public reflection (the gallery's) and one on the sample's point 2,
    quoting its paragraph; both campaigns open."""
    load_decision(sample_folder(tmp_path / "sample"))
    sample = Campaign.objects.select_related("document").get(slug="sample-2026")
    point = LearningPoint.objects.get(document=sample.document, number=2)
    shared = ReflectionFactory(
        organisation=tree.other,
        point=point,
        quoted_paragraph=point.paragraph,
        title="示例心得：联系实际",
        body=SAMPLE_BODY,
        **SHOWN,
    )
    public, _hidden = gallery
    return public, shared


def test_each_campaign_shows_its_own_reflections_and_filters_by_its_own_points(
    client, two_campaigns
):
    public, shared = two_campaigns

    li_bin, sample = text(client.get(LI_BIN)), text(client.get(SAMPLE))

    assert public.title in li_bin and shared.title not in li_bin
    assert shared.title in sample and public.title not in sample
    assert "共 1 篇心得" in li_bin and "共 1 篇心得" in sample
    assert '<option value="4">4. 道德情操</option>' in li_bin
    assert '<option value="7">7. 持之以恒</option>' in sample
    assert "道德情操" not in sample
    # A sample is marked as such on its showcase; the real campaign's is not.
    assert texts_of(sample, "sample-notice")
    assert not texts_of(li_bin, "sample-notice")
    # Its own filters, and its paragraph's link to it.
    assert shared.title in text(client.get(SAMPLE, {"point": 2}))
    assert shared.title not in text(client.get(SAMPLE, {"point": 1}))
    assert shared.title in text(client.get(SAMPLE, {"paragraph": 4}))
    decision = text(client.get("/c/sample-2026/decision/"))
    assert f'<a href="{SAMPLE}?paragraph=4">1 篇公开的心得引用了第 4 段</a>' in decision


def test_a_showcase_leads_to_the_other_campaigns_showcases(client, two_campaigns):
    page = text(client.get(SAMPLE))

    nav = page[page.index('class="showcase-campaigns"') :]
    nav = nav[: nav.index("</nav>")]
    # Both open: the real one first.
    assert re.findall(r'href="(/c/[^"]+/reflections/)"', nav) == [LI_BIN, SAMPLE]
    assert f'href="{SAMPLE}" aria-current="page" lang="zh-Hans">{SAMPLE_NAME}</a>' in nav
    campaign_nav = page[page.index('<nav class="campaign-nav"') :]
    assert f'href="{SAMPLE}" aria-current="page">心得体会</a>' in campaign_nav


@pytest.mark.parametrize("query", ["", "?point=4", "?point=1", "?paragraph=3", "?district=1"])
def test_the_old_address_answers_with_the_li_bin_campaigns_showcase(client, two_campaigns, query):
    old = client.get(f"/reflections/{query}")
    new = client.get(f"{LI_BIN}{query}")

    assert old.status_code == new.status_code == 200
    assert titles(text(old)) == titles(text(new))
    _public, shared = two_campaigns
    assert shared.title not in text(old)


def test_the_old_address_filters_on_a_li_bin_point_by_its_number(client, two_campaigns):
    public, _shared = two_campaigns
    assert public.title in text(client.get("/reflections/", {"point": 4}))
    assert public.title not in text(client.get("/reflections/", {"point": 1}))


def test_a_reflection_leads_back_to_its_own_campaigns_showcase(client, two_campaigns):
    public, shared = two_campaigns

    li_bin = text(client.get(reverse("campaign:showcase-detail", args=[public.pk])))
    sample = text(client.get(reverse("campaign:showcase-detail", args=[shared.pk])))

    assert f'<a href="{LI_BIN}">全部心得</a>' in li_bin
    assert f'<a href="{SAMPLE}">全部心得</a>' in sample
    assert texts_of(sample, "sample-notice") and not texts_of(li_bin, "sample-notice")


def test_a_draft_or_unknown_campaign_has_no_showcase_and_its_reflections_are_not_public(
    client, two_campaigns, tmp_path
):
    _public, shared = two_campaigns
    load_decision(sample_folder(tmp_path / "again", status="draft"))

    assert client.get(SAMPLE).status_code == 404
    assert client.get("/c/no-such-campaign/reflections/").status_code == 404
    assert client.get(reverse("campaign:showcase-detail", args=[shared.pk])).status_code == 404
    assert shared.title not in text(client.get(reverse("campaign:search"), {"q": "联系实际"}))


def test_search_names_the_campaign_of_each_hit(client, two_campaigns):
    public, shared = two_campaigns
    ReflectionFactory(
        organisation=shared.organisation,
        point=LearningPoint.objects.get(document__campaign__slug="li-bin-2019", number=3),
        title="结合本职工作学习敬业精神",
        body=public.body,
        **SHOWN,
    )

    page = text(client.get(reverse("campaign:search"), {"q": "本职工作"}))

    # The decisions' paragraphs under their campaign, the real one first.
    assert re.findall(r'<h3 class="search-campaign"><a href="([^"]+)"', page) == [
        "/c/li-bin-2019/decision/",
        "/c/sample-2026/decision/",
    ]
    assert 'href="/c/sample-2026/decision/#p-4"' in page
    # Each reflection with its campaign, a sample's marked （示例）.
    hits = [re.sub(r"\s+", " ", hit) for hit in texts_of(page, "showcase-item")]
    hits = {hit.split(" ")[0]: hit for hit in hits}
    assert len(hits) == 3  # the gallery's public reflection says 本职工作 too
    assert "向李斌同志学习 · 徐汇单位一" in hits["结合本职工作学习敬业精神"]
    assert "向李斌同志学习 · 黄浦单位一" in hits[public.title]
    assert f"{SAMPLE_NAME} · 徐汇单位一" in hits[shared.title]
    assert f'href="{SAMPLE}" lang="zh-Hans">{SAMPLE_NAME}</a>' in page


def test_a_sample_named_without_the_mark_is_labelled_as_a_sample_in_search(
    client, tree, db, tmp_path
):
    load_decision(sample_folder(tmp_path / "sample", name="技能提升学习"))
    point = LearningPoint.objects.get(document__campaign__slug="sample-2026", number=1)
    ReflectionFactory(
        organisation=tree.unit,
        point=point,
        quoted_paragraph=Paragraph.objects.get(document=point.document, number=3),
        title="通读原文的体会",
        body=SAMPLE_BODY,
        **SHOWN,
    )

    page = text(client.get(reverse("campaign:search"), {"q": "通读原文"}))

    assert page.count("技能提升学习（示例）") == 2  # the paragraphs' heading and the hit
