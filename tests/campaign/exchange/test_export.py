"""Export in the admin: who may, what each role's file holds (exactly their scope), and how it
reads: Chinese headers and labels, real dates and numbers, formulas escaped, no query per row."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaign import services
from campaign.choices import AbsenceReason, District, ReflectionStatus, SessionFormat
from campaign.exchange.escaping import FORMULA_GUARD, escape_formula, escaped_sql
from campaign.exchange.resources import StudySessionResource
from campaign.models import Reflection, StudySession
from tests.campaign.exchange.spreadsheets import (
    FORMULA,
    RESOURCES,
    absentee,
    column,
    csv_file,
    export,
    format_index,
    import_file,
    page,
    parse,
    points,
    recorded,
    said,
    session_header,
    session_row,
    short_names,
    upload,
)
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory

# --- The changelist: buttons and the date drill-down -----------------------------------------


def test_session_changelist_has_import_export_buttons_and_the_calendar(client_as, tree):
    StudySessionFactory(organisation=tree.unit, held_on=datetime.date(2019, 5, 6))
    StudySessionFactory(organisation=tree.unit, held_on=timezone.localdate())
    client = client_as("district_admin")
    response = client.get(reverse("admin:campaign_studysession_changelist"))
    text = page(response)
    assert response.status_code == 200
    assert 'class="import_link"' in text
    assert 'class="export_link"' in text
    # The campaign's own drill-down (a calendar from the decision's date), not Django's.
    assert f"held_on__year={timezone.localdate().year}" in text
    assert "held_on__year=2019" in text


def test_organiser_sees_export_but_not_import(client_as, tree):
    client = client_as("organiser")
    text = page(client.get(reverse("admin:campaign_studysession_changelist")))
    assert 'class="export_link"' in text
    assert 'class="import_link"' not in text
    assert client.get(reverse("admin:campaign_studysession_import")).status_code == 403
    assert client.get(reverse("admin:campaign_organisation_import")).status_code == 403


def test_organiser_cannot_post_an_import(client_as, tree):
    client = client_as("organiser")
    before = StudySession.objects.count()
    response = upload(client, "studysession", csv_file([session_header(), session_row()]))
    assert response.status_code == 403
    assert StudySession.objects.count() == before


def test_reflection_changelist_offers_export_only_and_keeps_the_calendar(client_as, tree):
    reflection = ReflectionFactory(organisation=tree.unit)
    Reflection.objects.filter(pk=reflection.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2019, 6, 1, 9))
    )
    client = client_as("district_admin")
    text = page(client.get(reverse("admin:campaign_reflection_changelist")))
    assert 'class="export_link"' in text
    assert 'class="import_link"' not in text
    assert "created_at__year=2019" in text


def test_reader_cannot_export(client_as, tree):
    client = client_as("reader")
    response = client.get(reverse("admin:campaign_studysession_export"))
    assert response.status_code == 302  # to the sign-in page: readers are not staff
    assert "/export/" not in response["Location"].split("?")[0]


@pytest.mark.parametrize("role", ["campaign_admin", "district_admin", "organiser"])
def test_export_permission_by_role(client_as, tree, role):
    client = client_as(role)
    for model in RESOURCES:
        assert client.get(reverse(f"admin:campaign_{model}_export")).status_code == 200


# --- Scope ------------------------------------------------------------------------------------


SCOPE = {
    "campaign_admin": {"huangpu_body", "unit", "team", "sibling", "xuhui_body", "other"},
    "district_admin": {"huangpu_body", "unit", "team", "sibling"},
    "organiser": {"unit", "team"},
    "outsider": {"other"},
}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("role", sorted(SCOPE))
def test_session_export_holds_exactly_the_sessions_in_scope(
    client_as, tree, sessions, role, file_format
):
    client = client_as(role)
    rows, _ = export(client, "studysession", file_format)
    expected = {s.title for name in SCOPE[role] for s in sessions[name]}
    assert sorted(row[column("studysession", "title")] for row in rows) == sorted(expected)


def test_organiser_exports_own_reflections_and_organisations_only(client_as, tree):
    for name in ("unit", "team", "sibling", "other"):
        ReflectionFactory(organisation=getattr(tree, name), title=f"{name}的心得")
    client = client_as("organiser")
    rows, _ = export(client, "reflection", "xlsx")
    assert {row[column("reflection", "title")] for row in rows} == {"unit的心得", "team的心得"}
    rows, _ = export(client, "organisation", "csv")
    assert {row[column("organisation", "code")] for row in rows} == {"HP-GH-01", "HP-GH-01-1"}


def test_district_admin_exports_all_of_their_district_and_nothing_else(client_as, tree, sessions):
    client = client_as("district_admin")
    rows, _ = export(client, "organisation", "xlsx")
    assert {row[column("organisation", "code")] for row in rows} == {
        "HP-GH",
        "HP-GH-01",
        "HP-GH-01-1",
        "HP-GH-02",
    }
    rows, _ = export(client, "studysession", "csv")
    assert {row[column("studysession", "district")] for row in rows} == {"黄浦"}


def test_a_filter_in_the_query_string_cannot_widen_the_export(client_as, tree, sessions):
    client = client_as("district_admin")
    rows, _ = export(client, "studysession", query=f"?district={District.XUHUI}")
    assert rows == []


def test_filters_of_the_changelist_narrow_the_export(client_as, tree, sessions):
    client = client_as("district_admin")
    rows, _ = export(client, "studysession", query=f"?q={tree.sibling.code}")
    assert {row[column("studysession", "organisation")] for row in rows} == {"HP-GH-02"}


def test_posted_ids_outside_scope_are_not_exported(client_as, tree, sessions):
    client = client_as("organiser")
    own = sessions["unit"][0]
    foreign = [s.pk for name in ("sibling", "other") for s in sessions[name]]
    response = client.post(
        reverse("admin:campaign_studysession_export"),
        {
            "format": format_index("csv"),
            "resource": "0",
            "export_items": [own.pk, *foreign],
            **{f"studysessionresource_{n}": "on" for n in ("id", "title")},
        },
    )
    text = response.content.decode("utf-8-sig")
    for name in ("sibling", "other"):
        for session in sessions[name]:
            assert session.title not in text
    # The ids of the user's own sessions narrow the export as the library intends.
    response = client.post(
        reverse("admin:campaign_studysession_export"),
        {
            "format": format_index("csv"),
            "resource": "0",
            "export_items": [own.pk],
            **{f"studysessionresource_{n}": "on" for n in ("id", "title")},
        },
    )
    rows = parse(response.content, "csv")
    assert [row[column("studysession", "title")] for row in rows] == [own.title]


def test_a_resource_without_a_user_exports_nothing(tree, sessions):
    assert len(StudySessionResource().export()) == 0
    assert len(StudySessionResource().export(queryset=StudySession.objects.all())) == 0
    assert len(StudySessionResource(user=tree.organiser).export()) == 4


# --- Content ----------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_session_export_has_chinese_headers_and_labels(client_as, tree, file_format):
    missed = recorded(tree.unit, days_ago=9, absentees=[("张三", AbsenceReason.SICK, "")])
    session = services.session_record(
        by=tree.organiser,
        organisation=tree.unit,
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        title="专题学习",
        format=SessionFormat.PARTY_LECTURE,
        points=points(1, 3),
        host="李老师",
        venue="会议室",
        participants=30,
        party_members=12,
        absentees=[("李四", AbsenceReason.BUSINESS, ""), ("王五", AbsenceReason.OTHER, "借调")],
        absence_note="另有一人迟到。",
        made_up=[absentee(missed, "张三")],
        summary="学习《决定》。",
    )
    client = client_as("district_admin")
    rows, _ = export(client, "studysession", file_format)
    row = next(row for row in rows if row["标题"] == "专题学习")
    assert list(row) == [
        "活动编号",
        "单位代码",
        "单位名称",
        "所属区",
        "活动日期",
        "标题",
        "形式",
        "学习要点",
        "主持人或主讲人",
        "地点",
        "参加人数",
        "其中党员人数",
        "缺席人员及原因",
        column("studysession", "absence_note"),
        column("studysession", "made_up"),
        "活动内容摘要或纪要",
        "录入人",
    ]
    assert said(column("studysession", "absence_note"), "other notes on absence", "缺席情况说明")
    assert said(column("studysession", "made_up"), "makes up for", "补课对象")
    held_on = row["活动日期"]
    if file_format == "xlsx":
        assert held_on.date() == session.held_on  # a real date cell
        assert row["参加人数"] == 30  # a number, not text
    else:
        assert held_on == session.held_on.isoformat()
        assert row["参加人数"] == "30"
    assert row["所属区"] == "黄浦"
    assert row["形式"] == "专题党课"
    assert row["学习要点"] == f"向李斌同志学习：{short_names(1, 3)}"  # named by campaign
    assert short_names(1, 3) == "政治品格、敬业精神"
    # The notes (说明) only when the exporter asks for them (tests/campaign/privacy).
    assert row["缺席人员及原因"] == "李四（公差）；王五（其他）"
    assert row[column("studysession", "absence_note")] == "另有一人迟到。"
    assert row[column("studysession", "made_up")] == f"{missed.held_on:%Y-%m-%d} 张三"
    assert row[column("studysession", "organisation")] == "HP-GH-01"
    assert row[column("studysession", "organisation_name")] == "黄浦单位一"
    assert str(row[column("studysession", "id")]) == str(session.pk)
    assert row["录入人"] == "organiser"
    # The session missed keeps its absentee, who is now made up, and nothing more to make up.
    (earlier,) = [row for row in rows if row["标题"] == missed.title]
    assert earlier["缺席人员及原因"] == "张三（病假）"
    assert earlier[column("studysession", "made_up")] in ("", None)


def test_reflection_export_has_chinese_headers_and_labels(client_as, tree):
    ReflectionFactory(
        organisation=tree.unit,
        point=points(2)[0],
        author_position="班组长",
        status=ReflectionStatus.APPROVED,
        public_consent=True,
    )
    client = client_as("campaign_admin")
    (row,), _ = export(client, "reflection", "xlsx")
    for header in ("作者", "作者职务", "状态", "学习要点", "标题", "内容", "所属区", "录入时间"):
        assert header in row
    assert row["作者"] == "张三"
    assert row["作者职务"] == "班组长"
    assert row["状态"] == "已通过"
    assert row["学习要点"] == points(2)[0].short_name
    assert row["作者同意公开展示"] == "是"


def test_organisation_export_has_chinese_labels(client_as, tree):
    client = client_as("campaign_admin")
    rows, _ = export(client, "organisation", "csv")
    by_code = {row[column("organisation", "code")]: row for row in rows}
    assert by_code["HP-GH"]["所属区"] == "黄浦"
    assert by_code["HP-GH"]["类别"] == "区局（产业）工会"
    assert by_code["HP-GH"][column("organisation", "parent")] == "SH-ZGH"
    assert by_code["SH-ZGH"]["所属区"] == "市级"
    assert by_code["SH-ZGH"][column("organisation", "parent")] == ""
    # Parents come before their units, so the file imports in its own order.
    codes = list(by_code)
    assert codes.index("HP-GH") < codes.index("HP-GH-01") < codes.index("HP-GH-01-1")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_cells_that_start_like_formulas_are_escaped(client_as, tree, file_format):
    for title in (FORMULA, "+1+2", "-3", "@SUM(A1)"):
        recorded(
            tree.unit,
            title=title,
            absentees=[("=1+1", AbsenceReason.SICK, "")],
            absence_note="@note",
        )
    client = client_as("organiser")
    rows, content = export(client, "studysession", file_format)
    titles = {row[column("studysession", "title")] for row in rows}
    assert titles == {FORMULA_GUARD + t for t in (FORMULA, "+1+2", "-3", "@SUM(A1)")}
    assert {row["缺席人员及原因"] for row in rows} == {"'=1+1（病假）"}
    assert {row[column("studysession", "absence_note")] for row in rows} == {"'@note"}
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        kinds = {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
        assert "f" not in kinds  # no cell is a formula
    else:
        assert b"\n=" not in content and b",=" not in content


SPLIT_FORMULAS = ["x;=1+1", 'a,"@SUM(A1)"', "b|+cmd", "c\t-2", "d ; =HYPERLINK(1)", "e,,=1"]


@pytest.mark.parametrize("delimiter", [";", ",", "|", "\t"])
def test_no_cell_becomes_a_formula_whatever_the_csv_is_split_on(client_as, tree, delimiter):
    """A spreadsheet in a locale that splits CSV on ";" (or a user choosing another separator)
    cut `x;=1+1` into `x` and a formula `=1+1`: every piece it can split into is guarded."""
    for title in SPLIT_FORMULAS:
        StudySessionFactory(organisation=tree.unit, title=title)
    _rows, content = export(client_as("organiser"), "studysession", "csv")

    text = content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]

    assert not [cell for cell in cells if cell.lstrip().startswith(("=", "+", "-", "@"))]


def test_a_guarded_export_imports_back_unchanged(client_as, tree):
    for title in SPLIT_FORMULAS:
        StudySessionFactory(organisation=tree.unit, title=title)
    client = client_as("district_admin")
    _rows, content = export(client, "studysession", "csv")
    StudySession.objects.update(title="改过的标题")

    import_file(client, "studysession", content)  # the file's rows update the sessions again

    assert sorted(StudySession.objects.values_list("title", flat=True)) == sorted(SPLIT_FORMULAS)


@pytest.mark.parametrize("value", [*SPLIT_FORMULAS, "=1", "plain, text; 1-2", "'=1", "-"])
def test_the_database_writes_the_guard_the_portal_writes(db, value):
    """The 汇总表's CSV is written by the database (COPY): its guard is the same as Python's."""
    sql, params = escaped_sql("t.v", connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql} FROM (SELECT %s AS v) t", [*params, value])  # noqa: S608
        assert cursor.fetchone()[0] == escape_formula(value)


def test_export_query_count_does_not_grow_with_rows(client_as, tree):
    client = client_as("district_admin")

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            export(client, "studysession", "xlsx")
        return len(queries)

    def sessions(unit, count: int) -> None:
        """Sessions with absentees, each but the first making up for one of the one before."""
        before = None
        for n in range(count):
            made_up = [absentee(before, f"缺席{n - 1}")] if before else []
            before = recorded(
                unit,
                days_ago=count - n,
                absentees=[
                    (f"缺席{n}", AbsenceReason.SICK, ""),
                    ("李四", AbsenceReason.BUSINESS, ""),
                ],
                made_up=made_up,
                by=tree.organiser,
            )

    sessions(tree.unit, 5)
    few = queries_for_export()
    sessions(tree.team, 25)
    many = queries_for_export()
    assert StudySession.objects.count() == 30
    assert StudySession.objects.filter(made_up_count=1).count() == 28
    assert many == few


def test_reflection_and_organisation_exports_make_no_per_row_queries(client_as, tree):
    client = client_as("campaign_admin")
    for model, make in (
        ("reflection", lambda: ReflectionFactory(organisation=tree.unit)),
        ("organisation", lambda: OrganisationFactory(parent=tree.sibling)),
    ):
        make()
        with CaptureQueriesContext(connection) as few:
            export(client, model)
        for _ in range(10):
            make()
        with CaptureQueriesContext(connection) as many:
            export(client, model)
        assert len(many) == len(few), model


def test_an_export_is_named_in_chinese_with_shanghais_date_and_its_columns_fit(client_as, tree):
    StudySessionFactory(organisation=tree.unit, title="学习李斌同志先进事迹专题学习会")
    client = client_as("organiser")
    data = {"format": format_index("xlsx"), "resource": "0"}
    fields = StudySessionResource().get_export_order()
    data.update({f"studysessionresource_{name}": "on" for name in fields})

    response = client.post(reverse("admin:campaign_studysession_export"), data)

    day = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''%E5%AD%A6%E4%B9%A0%E6%B4%BB%E5%8A%A8-{day}.xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "学习活动"
    header = str(column("studysession", "title"))
    title_column = next(cell.column_letter for cell in sheet[1] if cell.value == header)
    # 15 Chinese characters take 30 character widths.
    assert sheet.column_dimensions[title_column].width >= 30
