"""The dashboard in a real browser on a phone: filters, the 汇总表 download, print."""

import io
import unicodedata

import openpyxl
import pypdf
from playwright.sync_api import expect

from campaign.models import Organisation
from documents.models import LearningPoint
from tests.browser.pages import sign_in
from tests.factories import OrganisationFactory, StudySessionFactory

A4 = (595, 842)  # points


def printed(page) -> pypdf.PdfReader:
    """The page as Chromium prints it: A4 unless the page's CSS says otherwise."""
    return pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, format="A4")))


def text_of(pdf: pypdf.PdfReader) -> str:
    """The printed text, without the layout's spaces and line breaks. NFKC, because CJK fonts map
    some glyphs to their radicals' code points (⼈ for 人)."""
    return plain("".join(sheet.extract_text() for sheet in pdf.pages))


def plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\n", "")


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

    expect(page).to_have_url(
        page.base + "/reports/?campaign=li-bin-2019&start=&end=&district=1&kind="
    )
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


def test_on_a_phone_the_matrix_is_one_readable_row_per_unit_with_a_count(phone, tree):
    StudySessionFactory(
        organisation=tree.unit, points=list(LearningPoint.objects.filter(number__lte=2))
    )
    page = phone
    sign_in(page, "campaign_admin")
    page.goto(page.base + "/reports/")

    units = Organisation.objects.count()
    expect(page.locator("#coverage-count")).to_contain_text(f"共 {units} 个单位")
    row = page.locator("table.coverage tbody tr").filter(has_text="黄浦单位一 HP-GH-01")
    name = row.locator("th").bounding_box()
    assert name["width"] > 300  # the whole line: names no longer stack a character a line
    assert row.bounding_box()["height"] < 100  # three short lines
    # Each point's mark sits under its short name, so the row reads without the table's header.
    expect(row.locator("td.point-col").first).to_have_attribute("data-label", "政治品格")
    assert row.locator("td.covered").count() == 2
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_printed_report_holds_every_unit_of_a_short_list_on_a4(phone, tree):
    StudySessionFactory(organisation=tree.unit)
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "campaign_admin")
    page.goto(page.base + "/reports/")

    pdf = printed(page)
    text = text_of(pdf)
    assert [round(float(value)) for value in pdf.pages[0].mediabox[2:]] == list(A4)
    assert len(pdf.pages) <= 3
    for unit in Organisation.objects.all():
        assert unit.code in text
    assert "参与情况报表" in text
    assert "下载汇总表" not in text  # nothing left out, so no note says so
    assert "查询" not in text  # the filters stay on screen


def test_printed_long_list_says_it_stops_at_the_first_page_and_leaves_out_empty_months(phone, tree):
    OrganisationFactory.create_batch(55, parent=tree.huangpu_body)
    StudySessionFactory(organisation=tree.unit)
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "campaign_admin")
    page.goto(page.base + "/reports/")
    expect(page.locator("#by-month tbody tr")).not_to_have_count(1)  # on screen: every month

    text = text_of(printed(page))
    units = Organisation.objects.count()
    assert plain(f"共 {units} 个单位，显示第 1–50 个") in text
    assert plain("打印到此为止；全部单位请下载汇总表。") in text
    # One month had a session: the month table prints that one row, and says why it is alone.
    assert plain("（没有学习活动的月份不列出）") in text
    page.emulate_media(media="print")
    expect(page.locator("#by-month tbody tr:visible")).to_have_count(1)
