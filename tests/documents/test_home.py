"""The portal's home: every campaign readers may see, the open ones first and the closed ones
below as an archive, real ones before samples in each, never a draft; a sample is marked as
such."""

from documents.loader import load_decision
from tests.documents.folders import SAMPLE_TEXT, li_bin_copy, sample_folder
from tests.source import texts_of


def other_sample(folder, number: int, **changes):
    """The sample campaign again, as another decision (its own number) and campaign."""
    text = SAMPLE_TEXT.replace("示例学发〔2026〕1号", f"示例学发〔2026〕{number}号")
    return sample_folder(folder, decision_text=text, **changes)


def test_home_lists_open_campaigns_first_real_before_sample_then_the_closed_ones_never_a_draft(
    client, decision, tmp_path
):
    load_decision(
        other_sample(
            tmp_path / "closed",
            2,
            slug="closed-2025",
            name="往期示例活动",
            status="closed",
            opens_on="2025-01-01",
            closes_on="2025-06-30",
        )
    )
    load_decision(
        other_sample(tmp_path / "draft", 3, slug="draft-2027", name="草稿示例活动", status="draft")
    )
    load_decision(other_sample(tmp_path / "open", 4, slug="open-2026", name="进行中示例活动"))

    html = client.get("/").content.decode()

    opened = html[html.index('id="open-title"') : html.index('id="archive-title"')]
    archive = html[html.index('id="archive-title"') :]
    # The real campaign first, though the sample opened later.
    assert [name.split()[0] for name in texts_of(opened, "campaign-item")] == [
        "向李斌同志学习",
        "进行中示例活动",
    ]
    assert "往期示例活动" in archive and "往期示例活动" not in opened
    assert "2025年1月1日至2025年6月30日 · 已结束" in archive
    assert "草稿示例活动" not in html
    assert "/c/draft-2027/" not in html


def test_the_archive_lists_real_campaigns_before_samples_then_the_last_to_close_first(
    client, db, tmp_path
):
    load_decision(li_bin_copy(tmp_path / "li-bin", status="closed", closes_on="2019-12-31"))
    for number, slug, name, closes_on in [
        (2, "closed-2025", "上半年示例活动", "2025-06-30"),
        (3, "closed-2025-b", "下半年示例活动", "2025-12-31"),
    ]:
        load_decision(
            other_sample(
                tmp_path / slug,
                number,
                slug=slug,
                name=name,
                status="closed",
                opens_on="2025-01-01",
                closes_on=closes_on,
            )
        )
    load_decision(other_sample(tmp_path / "open", 4, slug="open-2026", name="进行中示例活动"))

    html = client.get("/").content.decode()

    opened = html[html.index('id="open-title"') : html.index('id="archive-title"')]
    archive = html[html.index('id="archive-title"') :]
    assert [name.split()[0] for name in texts_of(opened, "campaign-item")] == ["进行中示例活动"]
    assert [name.split()[0] for name in texts_of(archive, "campaign-item")] == [
        "向李斌同志学习",
        "下半年示例活动",
        "上半年示例活动",
    ]
    for slug in ("li-bin-2019", "open-2026", "closed-2025", "closed-2025-b"):
        assert f'href="/c/{slug}/reflections/"' in html


def test_home_marks_a_sample_campaign_and_not_the_real_one(client, decision, sample):
    html = client.get("/").content.decode()

    assert (
        '<a href="/c/sample-2026/" lang="zh-Hans">示例学习活动</a> '
        '<span class="sample-mark">示例</span></h3>'
    ) in html
    assert '<a href="/c/li-bin-2019/" lang="zh-Hans">向李斌同志学习</a></h3>' in html
    assert html.count('class="sample-mark"') == 1


def test_home_links_each_campaign_to_its_pages(client, decision, sample):
    html = client.get("/").content.decode()

    for href in ("/c/li-bin-2019/", "/c/li-bin-2019/decision/", "/c/li-bin-2019/profile/"):
        assert f'href="{href}"' in html
    assert 'href="/c/sample-2026/decision/"' in html
    assert 'href="/c/li-bin-2019/reflections/"' in html
    assert 'href="/c/sample-2026/reflections/"' in html
    assert 'href="/c/sample-2026/profile/"' not in html
    assert 'href="/accounts/login/"' in html


def test_home_says_so_when_no_campaign_is_open(client, db):
    html = client.get("/").content.decode()

    assert "目前没有正在进行的学习活动。" in html


def test_the_header_names_the_portal_not_one_campaign(client, decision):
    html = client.get("/c/li-bin-2019/decision/").content.decode()

    assert texts_of(html, "site-name") == ["学习教育活动平台"]
    assert "<title>关于深入开展向李斌同志学习的决定 · 学习教育活动平台</title>" in html


def test_home_runs_a_fixed_number_of_queries(
    client, decision, sample, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        client.get("/")
