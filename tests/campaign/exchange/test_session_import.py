"""Importing study sessions: a good file after its preview, cells as Excel writes them, every bad
row reported by its row and column with nothing imported, and a round trip that changes nothing."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from campaign import services
from campaign.choices import District, SessionFormat
from campaign.exchange.resources import StudySessionResource
from campaign.models import Organisation, StudySession
from tests.campaign.exchange.spreadsheets import (
    FORMULA,
    Snapshot,
    absentee,
    bad_rows,
    column,
    confirm,
    csv_file,
    export,
    import_file,
    page,
    points,
    recorded,
    said,
    session_header,
    session_row,
    short_names,
    upload,
    xlsx_file,
)
from tests.factories import StudySessionFactory

# --- A good file -------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_district_admin_imports_sessions_after_a_preview(client_as, tree, file_format):
    client = client_as("district_admin")
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
    assert preview.context["result"].totals["new"] == 2
    # The preview shows the rows as the file has them: a new row's ID empty, not the dry run's.
    id_column = column("studysession", "id")
    assert [row.row_values[id_column] or "" for row in preview.context["result"].rows] == ["", ""]

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


def test_an_import_reads_the_columns_an_export_writes_but_three(client_as, tree):
    """An exported file can be edited and imported again: the import reads every column the
    export writes (test_export spells them out), in the same order, but the unit's name and
    district and who recorded the session, written for people reading the file. The import page
    lists them so, and the other tests build their files with them (`session_header()`)."""
    client = client_as("district_admin")
    recorded(tree.unit)
    rows, _ = export(client, "studysession")
    read = [name for name in rows[0] if name not in ("单位名称", "所属区", "录入人")]
    response = client.get(reverse("admin:campaign_studysession_import"))
    assert response.context["fields_list"] == [("学习活动", read)]
    assert session_header() == read


def test_a_confirmed_import_says_what_it_did(client_as, tree):
    client = client_as("district_admin")
    _, done = import_file(client, "studysession", csv_file([session_header(), session_row()]))
    messages = [str(m) for m in done.wsgi_request._messages]
    assert any("新增1条记录" in m for m in messages), messages


def test_excel_dates_and_numbers_are_read_from_xlsx(client_as, tree):
    client = client_as("district_admin")
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


def test_an_excel_date_serial_is_read_as_a_date(client_as, tree):
    client = client_as("district_admin")
    header = session_header()
    row = session_row(title="序列号日期")
    row[header.index(column("studysession", "held_on"))] = 43558  # 2019-04-03 in Excel
    import_file(client, "studysession", xlsx_file([header, row]), "s.xlsx", "xlsx")
    assert StudySession.objects.get(title="序列号日期").held_on == datetime.date(2019, 4, 3)


def test_a_gbk_csv_from_excel_on_chinese_windows_imports(client_as, tree):
    client = client_as("district_admin")
    text = io.StringIO()
    csv.writer(text).writerows([session_header(), session_row(title="GBK 文件")])
    import_file(client, "studysession", text.getvalue().encode("gb18030"))
    assert StudySession.objects.filter(title="GBK 文件").exists()


def test_an_english_file_imports_in_the_chinese_interface(client_as, tree):
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
    client = client_as("district_admin")
    import_file(client, "studysession", csv_file([header, row]))
    assert StudySession.objects.get(title="English file").format == SessionFormat.GROUP_STUDY


def test_an_imported_formula_guard_is_taken_off(client_as, tree):
    client = client_as("district_admin")
    import_file(client, "studysession", csv_file([session_header(), session_row(title="'=1+1")]))
    assert StudySession.objects.filter(title="=1+1").exists()


# --- Bad rows: each reported, nothing imported --------------------------------------------------


FUTURE = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()


BAD_ROWS = {
    "unknown unit": (
        {"code": "NO-SUCH-UNIT"},
        (
            "No unit within your reach has the code “NO-SUCH-UNIT”",
            "您管理的单位中没有代码为“NO-SUCH-UNIT”的单位",
        ),
    ),
    "unit out of reach": (
        {"code": "XH-GH-01"},
        ("No unit within your reach has the code", "您管理的单位中没有代码为"),
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
def test_a_bad_row_is_reported_with_its_row_and_nothing_is_imported(client_as, tree, case):
    overrides, (english, chinese) = dict(BAD_ROWS[case][0]), BAD_ROWS[case][1]
    code = overrides.pop("code", "HP-GH-01")
    rows = [
        session_header(),
        session_row(title="好的一行"),
        session_row(title="好的第二行"),
        session_row(code, **{"title": "有问题的一行", **overrides}),
    ]
    client = client_as("district_admin")
    before = Snapshot.take()

    response = upload(client, "studysession", csv_file(rows))

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # no way to confirm
    errors = bad_rows(response)
    assert list(errors) == [4], errors  # the header is row 1 of the file
    assert said(errors[4], english, chinese), errors[4]
    assert said(page(response), "Nothing has been imported.", "未导入任何数据")
    assert Snapshot.take() == before


def test_every_bad_row_is_listed(client_as, tree):
    rows = [
        session_header(),
        session_row(held_on="昨天"),
        session_row(),
        session_row("XH-GH-01"),
    ]
    client = client_as("district_admin")
    errors = bad_rows(upload(client, "studysession", csv_file(rows)))
    assert sorted(errors) == [2, 4]
    assert column("studysession", "held_on") in errors[2]  # the column is named


def test_a_missing_required_column_refuses_the_file(client_as, tree):
    header = session_header()
    index = header.index("活动日期")
    rows = [[cell for i, cell in enumerate(row) if i != index] for row in (header, session_row())]
    client = client_as("district_admin")
    before = Snapshot.take()
    response = upload(client, "studysession", csv_file(rows))
    text = page(response)
    assert response.context.get("confirm_form") is None
    assert said(text, "The file has no column “活动日期”", "文件缺少“活动日期”列")
    assert "Traceback" not in text
    assert Snapshot.take() == before


def test_an_import_confirmed_after_the_data_changed_is_rolled_back_whole(client_as, tree):
    """Between preview and confirmation the second row's unit leaves the district: neither row
    is imported, and the user is told."""
    rows = [session_header(), session_row(title="第一行"), session_row("HP-GH-02", title="第二行")]
    client = client_as("district_admin")
    preview = upload(client, "studysession", csv_file(rows))
    assert preview.context["confirm_form"] is not None
    Organisation.objects.filter(pk=tree.sibling.pk).update(district=District.XUHUI)
    before = Snapshot.take()

    done = confirm(client, "studysession", preview)

    assert done.status_code == 302
    assert Snapshot.take() == before
    outcome = client.get(done["Location"]).content.decode()
    assert "未导入任何数据" in outcome
    assert "文件第 3 行" in outcome and "HP-GH-02" in outcome  # the row, and why


# --- Round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_session_file_imports_unchanged(client_as, tree, sessions, file_format):
    missed = StudySessionFactory(
        organisation=tree.unit,
        title=FORMULA,
        summary="- 学习原文\n- 交流体会",
        points=points(1, 2, 3, 4),
    )
    services.session_save(
        missed,
        points=points(1, 2, 3, 4),
        by=None,
        absences=services.Absences(
            absentees=[("张三", "sick", ""), ("李四", "other", "借调,=外出")], made_up=[]
        ),
    )
    StudySession.objects.filter(pk=missed.pk).update(absence_note="=另有两人迟到\r\n已补签")
    recorded(tree.unit, days_ago=1, made_up=[absentee(missed, "张三")])
    client = client_as("district_admin")
    _, content = export(client, "studysession", file_format)
    before = Snapshot.take()

    preview, done = import_file(client, "studysession", content, f"s.{file_format}", file_format)

    result = preview.context["result"]
    assert result.totals["skip"] == 10 and result.totals["new"] == 0
    assert result.totals["update"] == 0
    assert done.status_code == 302
    assert Snapshot.take() == before  # same rows, same values, no new history


def test_an_edited_export_updates_the_changed_session_only(client_as, tree, sessions):
    client = client_as("district_admin")
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


def test_an_id_out_of_reach_is_refused_not_imported_as_a_new_session(client_as, tree, sessions):
    client = client_as("district_admin")
    foreign = sessions["other"][0]
    rows = [session_header(), session_row(id=str(foreign.pk), title="改别人的")]
    before = Snapshot.take()
    errors = bad_rows(upload(client, "studysession", csv_file(rows)))
    assert list(errors) == [2]
    assert Snapshot.take() == before


def test_an_import_that_changes_the_points_updates_them_and_the_history(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit, points=points(1))
    client = client_as("district_admin")
    row = session_row(id=str(session.pk), title=session.title, points=short_names(3, 4))

    import_file(client, "studysession", csv_file([session_header(), row]))

    session.refresh_from_db()
    assert sorted(session.points.values_list("number", flat=True)) == [3, 4]
    latest = session.history.latest("history_date")
    assert (latest.history_type, latest.history_user) == ("~", tree.district_admin)
    assert sorted(point.number for point in session.points.all()) == [3, 4]
