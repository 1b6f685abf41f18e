"""The dashboard in a real browser on a phone: filters, the 汇总表 download, print."""

import openpyxl
from playwright.sync_api import expect

from documents.models import LearningPoint
from tests.browser.pages import sign_in
from tests.factories import StudySessionFactory


def figure(page, name: str) -> str:
    return page.locator(f"#figure-{name} .figure-value").inner_text().split("/")[0].strip()


def test_admin_filters_to_a_district_and_downloads_the_summary_with_the_same_totals(phone, tree):
    points = list(LearningPoint.objects.all())
    StudySessionFactory(organisation=tree.unit, participants=20, party_members=5, points=points)
    StudySessionFactory(organisation=tree.team, participants=7, party_members=7, points=points[:1])
    StudySessionFactory(organisation=tree.other, participants=50, party_members=9)
    page = phone
    sign_in(page, "campaign_admin")

    page.goto(page.base + "/reports/")
    expect(page.locator("#figure-sessions .figure-value")).to_have_text("3")
    page.select_option("#id_district", label="黄浦")
    page.get_by_role("button", name="查询").click()

    expect(page).to_have_url(page.base + "/reports/?start=&end=&district=1&kind=")
    assert (figure(page, "sessions"), figure(page, "participants")) == ("2", "27")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel（XLSX）").click()

    assert download.value.suggested_filename.startswith("向李斌同志学习活动参与情况汇总表")
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert {row[0] for row in rows[4:-1]} == {"黄浦"}
    totals = rows[-1]
    assert totals[0] == "合计"
    assert [str(value) for value in totals[5:8]] == [
        figure(page, "sessions"),
        figure(page, "participants"),
        figure(page, "party-members"),
    ]


def test_report_prints_without_filters_or_navigation(phone, tree):
    StudySessionFactory(organisation=tree.unit)
    page = phone
    sign_in(page, "district_admin")
    page.goto(page.base + "/reports/")

    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-filters")).to_be_hidden()
    expect(page.locator(".downloads")).to_be_hidden()
    expect(page.locator(".bar-chart").first).to_be_visible()
    expect(page.locator("#by-month")).to_be_visible()
