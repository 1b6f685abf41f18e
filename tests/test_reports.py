"""Report figures against values computed by hand on a small fixture, for each role."""

import csv
import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from campaign.reports import summary
from campaign.reports.filters import ReportFilterForm
from campaign.reports.report import Report
from campaign.services import session_save
from documents.models import LearningPoint
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def activity(tree):
    """unit: two sessions (points 1+2, 3); team: one on all four; other (徐汇): one on point 4;
    sibling: nothing. Reflections: unit approved, team submitted, other featured."""
    points = {p.number: p for p in LearningPoint.objects.all()}
    StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(10),
        participants=20,
        party_members=10,
        points=[points[1], points[2]],
    )
    StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(40),
        participants=10,
        party_members=5,
        points=[points[3]],
    )
    StudySessionFactory(
        organisation=tree.team,
        held_on=days_ago(5),
        participants=8,
        party_members=8,
        points=list(points.values()),
    )
    StudySessionFactory(
        organisation=tree.other,
        held_on=days_ago(100),
        participants=30,
        party_members=3,
        points=[points[4]],
    )
    ReflectionFactory(organisation=tree.unit, status="approved")
    ReflectionFactory(organisation=tree.team, status="submitted")
    ReflectionFactory(organisation=tree.other, status="featured")
    return tree


def test_headline_figures_for_the_campaign_admin(activity):
    report = Report(user=activity.campaign_admin)

    assert report.headline == {
        "sessions": 4,
        "participants": 68,
        "party_members": 26,
        "participating_units": 3,
        "registered_units": 7,
        "reflections": 3,
        "approved_reflections": 2,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("district_admin", {"registered_units": 4, "participating_units": 2, "sessions": 3}),
        ("organiser", {"registered_units": 2, "participating_units": 2, "sessions": 3}),
        ("outsider", {"registered_units": 1, "participating_units": 1, "sessions": 1}),
    ],
)
def test_headline_figures_follow_the_scope(activity, role, expected):
    headline = Report(user=getattr(activity, role)).headline

    assert {key: headline[key] for key in expected} == expected


def test_district_admin_sees_their_districts_participants_and_reflections(activity):
    headline = Report(user=activity.district_admin).headline

    assert (headline["participants"], headline["party_members"]) == (38, 23)
    assert (headline["reflections"], headline["approved_reflections"]) == (2, 1)


def test_period_district_and_kind_filters(activity):
    admin = activity.campaign_admin

    assert Report(user=admin, start=days_ago(20)).headline["sessions"] == 2
    assert Report(user=admin, start=days_ago(20)).headline["participants"] == 28
    assert Report(user=admin, end=days_ago(50)).headline["sessions"] == 1
    xuhui = Report(user=admin, district=2).headline
    assert (xuhui["registered_units"], xuhui["sessions"]) == (2, 1)
    branches = Report(user=admin, kind="union_branch").headline
    assert (branches["registered_units"], branches["sessions"]) == (4, 4)


def test_breakdowns_by_district_point_and_format(activity):
    report = Report(user=activity.campaign_admin)

    districts = {row["label"]: row for row in report.by_district()}
    assert [row["value"] for row in report.by_district()] == [0, 1, 2]  # official order
    assert (districts["黄浦"]["registered_units"], districts["黄浦"]["participating_units"]) == (
        4,
        2,
    )
    assert (districts["黄浦"]["sessions"], districts["黄浦"]["participants"]) == (3, 38)
    assert (districts["徐汇"]["sessions"], districts["徐汇"]["participants"]) == (1, 30)
    assert [(row["point"].number, row["sessions"], row["units"]) for row in report.by_point()] == [
        (1, 2, 2),
        (2, 2, 2),
        (3, 2, 2),
        (4, 2, 2),
    ]
    assert {row["label"]: row["sessions"] for row in report.by_format()}["集中学习"] == 4
    months = report.by_month()
    assert sum(row["sessions"] for row in months) == 4
    assert months[0]["month"] == datetime.date(2019, 4, 1)


def test_coverage_lists(activity):
    report = Report(user=activity.campaign_admin)

    assert report.coverage_counts == {"all": 7, "none": 4, "missing": 2, "silent": 5}
    assert {u.code for u in report.coverage_units("none")} == {
        "SH-ZGH",
        "HP-GH",
        "XH-GH",
        "HP-GH-02",
    }
    assert {u.code for u in report.coverage_units("missing")} == {"HP-GH-01", "XH-GH-01"}
    assert {u.code for u in report.coverage_units("silent")} == {
        "SH-ZGH",
        "HP-GH",
        "XH-GH",
        "HP-GH-02",
        "XH-GH-01",
    }
    stats = report.unit_stats([activity.unit.pk, activity.sibling.pk])
    assert stats[activity.unit.pk].points == {1, 2, 3}
    assert stats[activity.unit.pk].last_session == days_ago(10)
    assert (stats[activity.unit.pk].sessions, stats[activity.unit.pk].reflections) == (2, 1)
    assert stats[activity.sibling.pk].sessions == 0


def test_dashboard_shows_the_figures_and_the_missing_units(client, activity):
    client.force_login(activity.district_admin)

    response = client.get(reverse("campaign:reports"), {"show": "none"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "参与情况报表" in html
    assert '<span class="figure-value">2<small> / 4</small>' in html
    assert '<span class="figure-value">38</span>' in html
    assert "黄浦单位二" in html  # the sibling has no session
    assert "徐汇单位一" not in html


def test_dashboard_explains_a_bad_period_next_to_the_field(client, activity):
    client.force_login(activity.campaign_admin)

    response = client.get(reverse("campaign:reports"), {"start": "2024-05-01", "end": "2024-04-01"})

    form = response.context["form"]
    assert "end" in form.errors
    assert "结束日期早于开始日期" in response.content.decode()
    assert response.context["headline"]["sessions"] == 4  # falls back to the whole campaign


def test_district_choices_are_limited_to_the_users_district(activity):
    form = ReportFilterForm({"district": "2"}, user=activity.district_admin)

    assert not form.is_valid()
    assert [value for value, _label in form.fields["district"].choices] == ["", 1]


def test_readers_and_anonymous_users_get_no_report(client, activity):
    response = client.get(reverse("campaign:reports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(activity.reader)
    assert client.get(reverse("campaign:reports")).status_code == 403
    assert client.get(reverse("campaign:summary-csv")).status_code == 403


def test_dashboard_queries_do_not_grow_with_the_data(
    client, activity, django_assert_max_num_queries
):
    client.force_login(activity.campaign_admin)
    with django_assert_max_num_queries(26) as small:
        client.get(reverse("campaign:reports"))
    for _ in range(30):
        unit = OrganisationFactory(parent=activity.huangpu_body)
        StudySessionFactory(organisation=unit, points=list(LearningPoint.objects.all()[:2]))
        ReflectionFactory(organisation=unit)

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("campaign:reports"))


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_summary_xlsx_is_the_form_units_hand_in(client, activity):
    client.force_login(activity.campaign_admin)

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
    assert unit_row[5:11] == (2, 30, 15, 1, "政治品格、担当情怀、敬业精神", 3)
    assert rows[-1][0] == "合计"
    assert rows[-1][5:9] == (4, 68, 26, 3)
    disposition = response["Content-Disposition"]
    assert 'filename="participation-summary-' in disposition
    assert "向李斌同志学习活动参与情况汇总表" in unquote(disposition.split("filename*=UTF-8''")[1])


def test_summary_csv_follows_the_scope_and_escapes_formulas(client, activity):
    activity.team.name = '=HYPERLINK("http://example.com")'
    activity.team.save()
    client.force_login(activity.organiser)

    response = client.get(reverse("campaign:summary-csv"))
    text = b"".join(response.streaming_content).decode("utf-8")

    assert text.startswith("\ufeff所属区,单位代码,单位名称")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[1] for row in rows[1:]] == ["HP-GH-01", "HP-GH-01-1"]
    assert rows[2][2] == '\'=HYPERLINK("http://example.com")'


def test_summary_keeps_the_dashboard_filters(client, activity):
    client.force_login(activity.campaign_admin)

    response = client.get(reverse("campaign:summary-csv"), {"district": "2"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert [row[1] for row in rows[1:]] == ["XH-GH", "XH-GH-01"]


def test_summary_reads_every_unit_in_bounded_chunks(activity, django_assert_max_num_queries):
    report = Report(user=activity.campaign_admin)

    # Each pass: 3 queries for each chunk of 2 units, one for the empty chunk, one for the points.
    with django_assert_max_num_queries(2 * (4 * 3 + 1 + 1)):
        rows = list(report.unit_rows(chunk=2))
        table = list(summary.rows(Report(user=activity.campaign_admin), chunk=2))

    assert [row[1] for row in table] == [unit.code for unit, _stats in rows]
    assert [unit.code for unit, _stats in rows] == [
        "SH-ZGH",
        "HP-GH",
        "HP-GH-01",
        "HP-GH-01-1",
        "HP-GH-02",
        "XH-GH",
        "XH-GH-01",
    ]


def test_point_flags_follow_the_points_a_session_is_saved_with(tree):
    points = {p.number: p for p in LearningPoint.objects.all()}
    session = StudySessionFactory(organisation=tree.unit, points=[points[1], points[3]])

    def flags():
        session.refresh_from_db()
        return [getattr(session, f"covers_point_{n}") for n in range(1, 5)]

    assert flags() == [True, False, True, False]
    session_save(session, points=[points[3], points[4]], by=tree.organiser)
    assert flags() == [False, False, True, True]
    session_save(session, points=[points[2]], by=tree.organiser)
    assert flags() == [False, True, False, False]
