"""A second campaign end to end in a real browser: loaded from its data files, read on its public
pages, served by a session an organiser enters once in the backend, and counted once in each
campaign's dashboard and 汇总表."""

import csv
import datetime

from playwright.sync_api import expect

from campaign.models import StudySession
from documents.loader import load_decision
from tests.browser.pages import sign_in
from tests.documents.folders import SAMPLE_NAME, SAMPLE_TITLE, sample_folder


def summary_csv(page, slug: str) -> list[list[str]]:
    """The campaign's 汇总表, downloaded from its dashboard's button."""
    page.goto(f"{page.base}/reports/?campaign={slug}")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 CSV").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_a_session_entered_once_counts_once_in_each_campaign_it_served(phone, tree, tmp_path):
    opens = datetime.date.today() - datetime.timedelta(days=60)
    load_decision(sample_folder(tmp_path / "sample", opens_on=opens.isoformat(), closes_on=None))
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})

    # Its public pages, read by anyone.
    page.goto(page.base + "/c/sample-2026/")
    expect(page.locator("h1")).to_contain_text(SAMPLE_NAME)
    expect(page.locator(".point-list")).to_contain_text("联系实际")
    page.goto(page.base + "/c/sample-2026/decision/")
    expect(page.locator("h1.doc-title")).to_have_text(SAMPLE_TITLE)
    expect(page.locator(".official-document")).to_contain_text("二是要学习联系实际的方法。")

    # An organiser enters one session that served both campaigns.
    sign_in(page, "organiser")
    page.goto(page.base + "/admin/campaign/studysession/add/")
    expect(page.locator("#select2-id_organisation-container")).to_have_text("黄浦单位一")
    groups = page.locator("#id_points > div")
    expect(groups.locator("> label")).to_have_text(["示例学习活动", "向李斌同志学习"])
    page.fill("#id_title", "两项学习教育合并学习")
    page.select_option("#id_format", label="集中学习")
    groups.filter(has_text="向李斌同志学习").get_by_label("1. 政治品格").check()
    groups.filter(has_text="示例学习活动").get_by_label("2. 联系实际").check()
    page.fill("#id_participants", "18")
    page.fill("#id_party_members", "6")
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("两项学习教育合并学习")
    row = page.locator("#result_list tr").filter(has_text="两项学习教育合并学习")
    expect(row).to_contain_text("向李斌同志学习：政治品格")
    expect(row).to_contain_text("示例学习活动：联系实际")
    session = StudySession.objects.get()
    assert sorted(session.points.values_list("document__campaign__slug", "number")) == [
        ("li-bin-2019", 1),
        ("sample-2026", 2),
    ]
    page.context.clear_cookies()

    # A campaign admin sees it once in each campaign's dashboard and 汇总表.
    sign_in(page, "campaign_admin")
    for slug in ("li-bin-2019", "sample-2026"):
        page.goto(f"{page.base}/reports/?campaign={slug}")
        expect(page.locator("#figure-sessions .figure-value")).to_have_text("1")
        expect(page.locator("#figure-participants .figure-value")).to_have_text("18")

        rows = summary_csv(page, slug)
        header, *units = rows
        sessions = header.index("学习活动次数")
        counted = {unit[1]: int(unit[sessions]) for unit in units if int(unit[sessions] or 0)}
        assert counted == {"HP-GH-01": 1}, slug
