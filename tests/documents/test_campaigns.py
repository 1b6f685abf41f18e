"""Each campaign's pages: a second campaign, loaded from its folder, has its own home, decision
and (none) profile; a sample is marked 示例 on every page; drafts are not shown; a reader's marks
count in their own campaign only."""

import pytest
from django.urls import reverse

from documents.loader import load_decision
from tests.documents.folders import SAMPLE_NAME, SAMPLE_POINTS, SAMPLE_TITLE, sample_folder
from tests.factories import UserFactory
from tests.source import texts_of

SAMPLE = "/c/sample-2026/"


def test_a_second_campaign_has_its_own_home_with_its_name_and_seven_points(
    client, decision, sample
):
    html = client.get(SAMPLE).content.decode()

    assert texts_of(html, "hero")[0].startswith(SAMPLE_NAME)
    assert texts_of(html, "point-name") == SAMPLE_POINTS
    for number in range(1, 8):
        assert f'href="/c/sample-2026/decision/#point-{number}"' in html
    # Its purpose: the paragraph before its first point, linked to its place.
    assert 'href="/c/sample-2026/decision/#p-2"' in html
    assert "关于深入开展向李斌同志学习的决定" not in html


def test_a_second_campaigns_decision_shows_its_own_text_and_seven_point_anchors(
    client, decision, sample
):
    html = client.get(SAMPLE + "decision/").content.decode()

    assert texts_of(html, "doc-title") == [SAMPLE_TITLE]
    assert texts_of(html, "doc-number") == ["示例学发〔2026〕1号"]
    for number in range(1, 8):
        assert f'<strong id="point-{number}" class="doc-point-heading">' in html
    assert 'id="point-8"' not in html
    assert f"<title>示例 · {SAMPLE_TITLE} · 学习教育活动平台</title>" in html


def test_a_campaign_that_honours_no_one_has_no_profile_and_links_to_none(client, sample):
    assert client.get(SAMPLE + "profile/").status_code == 404

    for page in (SAMPLE, SAMPLE + "decision/"):
        assert "/c/sample-2026/profile/" not in client.get(page).content.decode()


def test_the_li_bin_campaign_keeps_its_own_title_and_profile_beside_a_second(
    client, decision, sample
):
    html = client.get("/c/li-bin-2019/").content.decode()

    assert texts_of(html, "hero")[0].startswith("向李斌同志学习")
    assert texts_of(html, "point-name") == ["政治品格", "担当情怀", "敬业精神", "道德情操"]
    assert 'href="/c/li-bin-2019/profile/"' in html
    assert "示例" not in html
    assert client.get("/c/li-bin-2019/profile/").status_code == 200


@pytest.mark.parametrize("page", ["", "decision/"])
def test_a_sample_campaign_is_marked_as_such_on_each_of_its_pages(client, sample, page):
    html = client.get(SAMPLE + page).content.decode()

    assert texts_of(html, "sample-notice") == [
        "示例 本活动及其决定是为演示平台功能而编写的，并非真实文件。"
    ]
    nav = html[html.index('<nav class="campaign-nav"') :]
    assert texts_of(nav[: nav.index("</nav>")], "sample-mark") == ["示例"]


@pytest.mark.parametrize("page", ["", "decision/", "profile/"])
def test_a_draft_campaigns_pages_answer_404(client, db, tmp_path, page):
    load_decision(sample_folder(tmp_path / "draft", status="draft"))

    assert client.get(SAMPLE + page).status_code == 404


def test_a_closed_campaign_stays_readable(client, db, tmp_path):
    load_decision(sample_folder(tmp_path / "closed", status="closed"))

    html = client.get(SAMPLE).content.decode()

    assert "2026年3月1日至2026年12月31日 · 已结束" in html
    assert client.get(SAMPLE + "decision/").status_code == 200


def test_an_unknown_campaign_answers_404(client, decision):
    assert client.get("/c/no-such-campaign/").status_code == 404


def test_a_readers_marks_count_in_their_own_campaign_only(client, decision, sample):
    client.force_login(UserFactory(username="reader"))

    response = client.post(
        reverse("documents:mark-studied", args=["sample-2026", 7]), {"studied": "1"}
    )

    assert response["Location"] == "/c/sample-2026/decision/#point-7-studied"
    assert "你已学习 7 个学习要点中的 1 个" in client.get(SAMPLE).content.decode()
    assert "你已标记“持之以恒”为已学习" in client.get(SAMPLE + "decision/").content.decode()
    li_bin = client.get("/c/li-bin-2019/").content.decode()
    assert "你已学习 4 个学习要点中的 0 个" in li_bin


def test_a_point_a_campaign_does_not_have_cannot_be_marked(client, decision, sample):
    client.force_login(UserFactory(username="reader"))

    url = reverse("documents:mark-studied", args=["li-bin-2019", 7])

    assert client.post(url, {"studied": "1"}).status_code == 404


def test_a_campaigns_home_runs_a_fixed_number_of_queries(
    client, decision, sample, django_assert_max_num_queries
):
    # The campaign and its decision, its points, its purpose, the newest shared reflections.
    with django_assert_max_num_queries(5):
        client.get(SAMPLE)
