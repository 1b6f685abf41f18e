"""The 汇总表: the form units hand in (XLSX) and its CSV, scoped and filtered like the dashboard,
written from bounded chunks."""

import csv
import datetime
import io
from urllib.parse import unquote

import openpyxl
from django.urls import reverse

from campaign.choices import District, OrganisationKind
from campaign.reports import summary
from campaign.reports.report import Report
from tests.campaign.entries import days_ago
from tests.factories import OrganisationFactory, StudySessionFactory


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_summary_xlsx_is_the_form_units_hand_in(client_as, activity):
    client = client_as("campaign_admin")

    response = client.get(reverse("campaign:summary-xlsx"))
    sheet = read_xlsx(response)
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][0] == "向李斌同志学习活动参与情况汇总表"
    assert rows[1][0] == "填报单位：上海市"
    assert rows[1][2].startswith("统计期间：2019年4月3日至")
    assert rows[3][:3] == ("所属区", "单位代码", "单位名称")
    body = rows[4:-1]
    assert [row[0] for row in body] == ["市级", "黄浦", "黄浦", "黄浦", "黄浦", "徐汇", "徐汇"]
    unit_row = next(row for row in body if row[1] == "HP-GH-01")
    assert unit_row[5:13] == (2, 30, 15, 0, 0, 1, "政治品格、担当情怀、敬业精神", 3)
    assert rows[-1][0] == "合计"
    assert rows[-1][5:11] == (4, 68, 26, 0, 0, 3)
    disposition = response["Content-Disposition"]
    assert 'filename="participation-summary-' in disposition
    assert "向李斌同志学习活动参与情况汇总表" in unquote(disposition.split("filename*=UTF-8''")[1])


def test_summary_counts_absentee_times_and_those_made_up_in_the_period(client_as, absences):
    """The sibling's three absentees of 20 days ago, two of them made up 12 days ago; the
    absentee of 60 days ago (made up too) falls outside a period of 30 days."""
    client = client_as("campaign_admin")
    period = {"start": days_ago(30).isoformat()}

    response = client.get(reverse("campaign:summary-csv"), period)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    headers = rows[0]
    assert headers[7:10] == ["其中党员人次", "缺席人次", "其中已补课人次"]
    by_code = {row[1]: row for row in rows[1:]}
    sibling = by_code["HP-GH-02"]
    assert sibling[headers.index("学习活动次数")] == "2"
    assert sibling[headers.index("缺席人次")] == "3"
    assert sibling[headers.index("其中已补课人次")] == "2"
    assert sibling[-1] == days_ago(12).isoformat()
    assert all(row[8:10] == ["0", "0"] for code, row in by_code.items() if code != "HP-GH-02")

    whole = client.get(reverse("campaign:summary-csv"))
    rows = list(csv.reader(io.StringIO(b"".join(whole.streaming_content).decode("utf-8-sig"))))
    assert next(row for row in rows if row[1] == "HP-GH-02")[5:10] == ["3", "24", "0", "4", "3"]


def test_summary_xlsx_counts_absentee_times_with_their_totals(client_as, absences):
    client = client_as("campaign_admin")

    response = client.get(reverse("campaign:summary-xlsx"), {"start": days_ago(30).isoformat()})
    rows = list(read_xlsx(response).iter_rows(values_only=True))

    assert rows[3][5:14] == (
        "学习活动次数",
        "参加人次",
        "其中党员人次",
        "缺席人次",
        "其中已补课人次",
        "心得体会篇数",
        "已学习要点",
        "已学习要点数",
        "最近一次活动日期",
    )
    sibling = next(row for row in rows[4:-1] if row[1] == "HP-GH-02")
    assert sibling[5:14] == (
        2,
        15,
        0,
        3,
        2,
        0,
        "政治品格",
        1,
        datetime.datetime.combine(days_ago(12), datetime.time.min),
    )
    unit = next(row for row in rows[4:-1] if row[1] == "HP-GH-01")
    assert unit[5:13] == (1, 20, 10, 0, 0, 1, "政治品格、担当情怀", 2)
    # The totals: the period's figures (HP-GH-01's session of 40 days ago is outside it) and the
    # absences of the sibling alone.
    assert rows[-1][0] == "合计"
    assert rows[-1][5:11] == (4, 43, 18, 3, 2, 3)
    assert rows[-1][11:] == (None, None, None)


def test_summary_csv_follows_the_scope_and_escapes_formulas(client_as, activity):
    activity.team.name = '=HYPERLINK("http://example.com")'
    activity.team.save()
    client = client_as("organiser")

    response = client.get(reverse("campaign:summary-csv"))
    text = b"".join(response.streaming_content).decode("utf-8")

    assert text.startswith("\ufeff所属区,单位代码,单位名称")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[1] for row in rows[1:]] == ["HP-GH-01", "HP-GH-01-1"]
    assert rows[2][2] == '\'=HYPERLINK("http://example.com")'


def test_summary_keeps_the_dashboard_filters(client_as, activity):
    client = client_as("campaign_admin")

    response = client.get(reverse("campaign:summary-csv"), {"district": "2"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert [row[1] for row in rows[1:]] == ["XH-GH", "XH-GH-01"]


def test_summary_is_one_query_whatever_the_number_of_units(activity, django_assert_max_num_queries):
    for _ in range(20):
        StudySessionFactory(organisation=OrganisationFactory(parent=activity.huangpu_body))

    # The campaign, its point names, and the summary itself: no query per unit.
    with django_assert_max_num_queries(3):
        table = list(summary.rows(Report(user=activity.campaign_admin)))

    codes = [row[1] for row in table]
    assert len(codes) == 7 + 20
    assert codes[:5] == ["SH-ZGH", "HP-GH", "HP-GH-01", "HP-GH-01-1", "HP-GH-02"]
    assert codes == sorted(
        codes, key=lambda code: (not code.startswith("SH"), code.startswith("XH"), code)
    )


def test_summary_rows_equal_the_figures_of_the_coverage_page(activity, absences):
    report = Report(user=activity.campaign_admin)
    by_code = {row[1]: row for row in summary.rows(report)}
    units = {unit.code: unit for unit in report.units()}

    stats = report.unit_stats([unit.pk for unit in units.values()])

    for code, unit in units.items():
        unit_stats = stats[unit.pk]
        row = by_code[code]
        assert row[5:11] == (
            unit_stats.sessions,
            unit_stats.participants,
            unit_stats.party_members,
            unit_stats.absentees,
            unit_stats.made_up,
            unit_stats.reflections,
        ), code
        assert (row[12], row[13]) == (len(unit_stats.points), unit_stats.last_session), code


def test_a_period_ending_after_today_gives_the_whole_file(client_as, activity):
    """?end=9999-12-31 broke the download after its first bytes: a cut-off file."""
    client = client_as("campaign_admin")

    whole = client.get(reverse("campaign:summary-csv"))
    far = client.get(reverse("campaign:summary-csv"), {"end": "9999-12-31"})

    assert b"".join(far.streaming_content) == b"".join(whole.streaming_content)


def test_reports_and_their_downloads_are_never_stored_by_browsers_or_proxies(client_as, activity):
    client = client_as("district_admin")

    for name in ("campaign:reports", "campaign:summary-csv", "campaign:summary-xlsx"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, name


def test_the_xlsx_prints_like_the_paper_form(client_as, activity):
    """A4 landscape, one page wide, the title merged over the table, thin borders, the headers
    on every page, numbered pages, one typeface; a district's file names the district."""
    response = client_as("campaign_admin").get(reverse("campaign:summary-xlsx"), {"district": "1"})
    sheet = read_xlsx(response)

    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth is left out when it is 1, the format's default.
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert "A1:N1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A1"].value == "向李斌同志学习活动参与情况汇总表（黄浦）"
    assert sheet["A1"].alignment.horizontal == "center"
    assert sheet.print_title_rows == "$4:$4"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet["A2"].value == "填报单位：上海市（黄浦）"
    table = list(sheet.iter_rows(min_row=4, max_row=sheet.max_row))
    assert all(c.border.left.style == "thin" for row in table for c in row)
    assert {c.font.name for row in table for c in row} == {"宋体"}
    assert table[-1][0].value == "合计"
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name.startswith("向李斌同志学习活动参与情况汇总表（黄浦，")


def test_units_of_a_district_follow_the_decisions_order_of_bodies(client_as, tree):
    """组织部, 宣传部, 工会 and its branches, 国资委 and its enterprises: as the decision is sent
    (此件发至…), not in the alphabetical order of their codes; the issuing bodies as its head
    lists them."""
    for code, name in [
        ("SH-GZW", "中共上海市国有资产监督管理委员会委员会"),
        ("SH-ZZB", "中共上海市委组织部"),
    ]:
        OrganisationFactory(
            code=code, name=name, kind=OrganisationKind.ISSUER, district=District.CITY
        )
    body = {"parent": tree.city, "district": District.HUANGPU}
    OrganisationFactory(code="HP-ZZB", kind=OrganisationKind.DISTRICT_ORGANIZATION, **body)
    OrganisationFactory(code="HP-XCB", kind=OrganisationKind.DISTRICT_PROPAGANDA, **body)
    sasac = OrganisationFactory(code="HP-GZW", kind=OrganisationKind.DISTRICT_SASAC, **body)
    OrganisationFactory(code="HP-GZ-01", kind=OrganisationKind.SASAC_UNIT, parent=sasac)

    response = client_as("campaign_admin").get(reverse("campaign:summary-csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    codes = [row[1] for row in rows[1:-1]]
    assert codes[:3] == ["SH-ZZB", "SH-ZGH", "SH-GZW"]
    huangpu = [code for code in codes if code.startswith("HP-")]
    assert huangpu == [
        "HP-ZZB",
        "HP-XCB",
        "HP-GH",
        "HP-GH-01",
        "HP-GH-01-1",
        "HP-GH-02",
        "HP-GZW",
        "HP-GZ-01",
    ]
