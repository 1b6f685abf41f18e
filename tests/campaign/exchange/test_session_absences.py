"""A session file's absentees (缺席人员及原因), its other notes on absence and whom each session
makes up for (补课对象): read strictly, each bad cell failing its own row with nothing saved,
make-ups found in one lookup for the whole file, and a file without the columns leaving them be."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaign.choices import AbsenceReason
from campaign.models import Absentee, StudySession
from tests.campaign.exchange.spreadsheets import (
    Snapshot,
    absentee,
    bad_rows,
    column,
    csv_file,
    export,
    import_file,
    page,
    recorded,
    said,
    session_header,
    session_row,
    upload,
    xlsx_file,
)


def day(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def refused(client, rows: list[list]) -> dict[int, str]:
    """The preview of a file that must be refused whole: its bad rows, nothing saved."""
    before = Snapshot.take()
    response = upload(client, "studysession", csv_file(rows))
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None, page(response)
    assert said(page(response), "Nothing has been imported.", "未导入任何数据")
    assert Snapshot.take() == before
    return bad_rows(response)


def edited(session: StudySession, **cells) -> list:
    """An existing session's row as its export has it, with some cells changed."""
    stored = {
        "held_on": session.held_on.isoformat(),
        "title": session.title,
        "id": str(session.pk),
        "points": "1、2",
        "host": "",
        "venue": "",
        "participants": "20",
        "party_members": "8",
        "summary": "",
    }
    return session_row(session.organisation.code, **{**stored, **cells})


# --- Absentees ---------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_imported_absentees_are_saved_as_rows_with_their_note(client_as, tree, file_format):
    rows = [
        session_header(),
        session_row(
            title="有缺席",
            absentees="张三（病假）；李四（其他：借调）;王五(公差)\n赵六（事假：家中有事）",
            absence_note="另有两人迟到。",
        ),
        session_row(title="无缺席"),
    ]
    content = csv_file(rows) if file_format == "csv" else xlsx_file(rows)
    import_file(
        client_as("district_admin"), "studysession", content, f"s.{file_format}", file_format
    )

    session = StudySession.objects.get(title="有缺席")
    assert [(a.name, a.reason, a.note) for a in session.absentees.all()] == [
        ("张三", AbsenceReason.SICK, ""),
        ("李四", AbsenceReason.OTHER, "借调"),
        ("王五", AbsenceReason.BUSINESS, ""),
        ("赵六", AbsenceReason.PERSONAL, "家中有事"),
    ]
    assert (session.absentee_count, session.made_up_count) == (4, 0)
    assert session.absence_note == "另有两人迟到。"
    assert not StudySession.objects.get(title="无缺席").absentees.exists()


BAD_ABSENTEES = {
    "unknown reason": ("张三（休假）", ("the reason is one of", "原因须为")),
    "other without a note": (
        "李四（其他）",
        ("say what the other reason is", "原因为“其他”时请说明"),
    ),
    "the same name twice": ("张三（病假）；张三（事假）", ("张三 is named twice", "张三 重复填写")),
    # Every name written twice is named, once, as on the session's form and in the service.
    "two names twice": (
        "张三（病假）；李四（公差）；张三（事假）；李四（病假）；张三（公差）",
        ("张三、李四 is named twice", "张三、李四 重复填写"),
    ),
    "no reason": ("张三", ("is not “name (reason)”", "不是“姓名（原因）”的格式")),
    "a name too long": (
        "张" * 51 + "（病假）",
        ("a name has at most 50 characters", "姓名最多 50 个字"),
    ),
    "a huge cell": ("张" * 100_000, ("a name has at most 50 characters", "姓名最多 50 个字")),
}


@pytest.mark.parametrize("case", sorted(BAD_ABSENTEES))
def test_a_bad_absentees_cell_fails_its_row_and_nothing_is_saved(client_as, tree, case):
    cell, (english, chinese) = BAD_ABSENTEES[case]
    rows = [
        session_header(),
        session_row(title="好的一行", absentees="王五（公差）"),
        session_row(title="有问题的一行", absentees=cell),
    ]
    errors = refused(client_as("district_admin"), rows)
    assert list(errors) == [3], errors
    assert column("studysession", "absentees") in errors[3]  # the column is named
    assert said(errors[3], english, chinese), errors[3]
    assert len(errors[3]) < 400  # a huge cell is not quoted whole


def test_an_existing_sessions_absentees_are_replaced_and_a_made_up_one_keeps_its_make_up(
    client_as, tree
):
    missed = recorded(
        tree.unit,
        days_ago=9,
        absentees=[("张三", AbsenceReason.SICK, ""), ("李四", AbsenceReason.BUSINESS, "")],
    )
    makeup = recorded(tree.unit, days_ago=2, made_up=[absentee(missed, "张三")])
    row = edited(missed, absentees="张三（事假：家中有事）；王五（公差）")

    import_file(client_as("district_admin"), "studysession", csv_file([session_header(), row]))

    missed.refresh_from_db()
    assert [(a.name, a.reason, a.note) for a in missed.absentees.all()] == [
        ("张三", AbsenceReason.PERSONAL, "家中有事"),
        ("王五", AbsenceReason.BUSINESS, ""),
    ]
    assert absentee(missed, "张三").made_up_in == makeup
    assert (missed.absentee_count, missed.made_up_count) == (2, 1)


def test_an_empty_absentees_cell_clears_them(client_as, tree):
    session = recorded(tree.unit, absentees=[("张三", AbsenceReason.SICK, "")])
    row = edited(session, absentees="")
    import_file(client_as("district_admin"), "studysession", csv_file([session_header(), row]))
    session.refresh_from_db()
    assert not session.absentees.exists()
    assert session.absentee_count == 0


def test_a_file_without_the_columns_leaves_absentees_and_make_ups_as_stored(client_as, tree):
    missed = recorded(tree.unit, days_ago=9, absentees=[("张三", AbsenceReason.SICK, "")])
    makeup = recorded(
        tree.unit,
        days_ago=2,
        absentees=[("李四", AbsenceReason.SICK, "")],
        absence_note="说明",
        made_up=[absentee(missed, "张三")],
    )
    header = session_header()
    dropped = {column("studysession", name) for name in ("absentees", "absence_note", "made_up")}
    keep = [i for i, name in enumerate(header) if name not in dropped]
    row = edited(makeup, participants="30")

    import_file(
        client_as("district_admin"),
        "studysession",
        csv_file([[header[i] for i in keep], [row[i] for i in keep]]),
    )

    makeup.refresh_from_db()
    assert makeup.participants == 30
    assert makeup.absence_note == "说明"
    assert [a.name for a in makeup.absentees.all()] == ["李四"]
    assert [a.name for a in makeup.made_up_absentees.all()] == ["张三"]


# --- Make-ups ----------------------------------------------------------------------------------


def test_a_make_up_cell_links_the_absentees_of_the_units_earlier_session(client_as, tree):
    missed = recorded(
        tree.unit,
        days_ago=9,
        absentees=[("张三", AbsenceReason.SICK, ""), ("李四", AbsenceReason.BUSINESS, "")],
    )
    rows = [
        session_header(),
        session_row(title="补课", held_on=day(2), made_up=f"{day(9)} 张三；{day(9)} 李四"),
    ]

    import_file(client_as("district_admin"), "studysession", csv_file(rows))

    makeup = StudySession.objects.get(title="补课")
    assert absentee(missed, "张三").made_up_in == makeup
    assert absentee(missed, "李四").made_up_in == makeup
    missed.refresh_from_db()
    assert (missed.absentee_count, missed.made_up_count) == (2, 2)


def test_an_existing_session_takes_on_and_gives_up_make_ups(client_as, tree):
    missed = recorded(
        tree.unit,
        days_ago=9,
        absentees=[("张三", AbsenceReason.SICK, ""), ("李四", AbsenceReason.BUSINESS, "")],
    )
    makeup = recorded(tree.unit, days_ago=2, made_up=[absentee(missed, "张三")])
    client = client_as("district_admin")

    row = edited(makeup, made_up=f"{day(9)} 李四")
    import_file(client, "studysession", csv_file([session_header(), row]))
    assert [a.name for a in makeup.made_up_absentees.all()] == ["李四"]
    assert absentee(missed, "张三").made_up_in is None

    row = edited(makeup, made_up="")
    import_file(client, "studysession", csv_file([session_header(), row]))
    assert not makeup.made_up_absentees.exists()
    missed.refresh_from_db()
    assert missed.made_up_count == 0


BAD_MAKE_UPS = {
    "unknown name": (
        lambda: f"{day(9)} 王五",
        ("No one named 王五 missed a session of this unit on", "没有名为 王五 的缺席人员"),
    ),
    "no session that day": (
        lambda: f"{day(8)} 张三",
        ("No one named 张三 missed a session of this unit on", "没有名为 张三 的缺席人员"),
    ),
    "not a date": (lambda: "上周 张三", ("is not “date missed name”", "不是“缺席日期 姓名”的格式")),
    "named twice": (lambda: f"{day(9)} 张三；{day(9)} 张三", ("is named twice", "重复填写")),
    "missed later": (
        lambda: f"{day(1)} 赵六",
        ("a make-up comes after it", "补课须在其后"),
    ),
    "already made up": (
        lambda: f"{day(9)} 李四",
        ("李四 has already made up for", "李四 已于"),
    ),
    "another unit's absentee": (
        lambda: f"{day(9)} 孙七",
        ("No one named 孙七 missed a session of this unit on", "没有名为 孙七 的缺席人员"),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MAKE_UPS))
def test_a_bad_make_up_cell_fails_its_row_and_nothing_is_saved(client_as, tree, case):
    cell, (english, chinese) = BAD_MAKE_UPS[case]
    missed = recorded(
        tree.unit,
        days_ago=9,
        absentees=[("张三", AbsenceReason.SICK, ""), ("李四", AbsenceReason.BUSINESS, "")],
    )
    recorded(tree.unit, days_ago=5, made_up=[absentee(missed, "李四")])
    recorded(tree.unit, days_ago=1, absentees=[("赵六", AbsenceReason.SICK, "")])
    recorded(tree.sibling, days_ago=9, absentees=[("孙七", AbsenceReason.SICK, "")])
    rows = [
        session_header(),
        session_row(title="好的一行", held_on=day(3)),
        session_row(title="补课", held_on=day(2), made_up=cell()),
    ]
    errors = refused(client_as("district_admin"), rows)
    assert list(errors) == [3], errors
    assert said(errors[3], english, chinese), errors[3]


def test_two_rows_cannot_make_up_for_the_same_absentee(client_as, tree):
    recorded(tree.unit, days_ago=9, absentees=[("张三", AbsenceReason.SICK, "")])
    rows = [
        session_header(),
        session_row(title="补课一", held_on=day(3), made_up=f"{day(9)} 张三"),
        session_row(title="补课二", held_on=day(2), made_up=f"{day(9)} 张三"),
    ]
    errors = refused(client_as("district_admin"), rows)
    assert list(errors) == [3], errors
    assert said(errors[3], "Row 2 of the file already makes up for 张三", "文件第 2 行已为 张三"), (
        errors[3]
    )


def test_an_absentee_of_two_sessions_that_day_is_ambiguous_unless_already_linked(client_as, tree):
    morning = recorded(tree.unit, days_ago=9, absentees=[("张三", AbsenceReason.SICK, "")])
    recorded(tree.unit, days_ago=9, absentees=[("张三", AbsenceReason.SICK, "")])
    linked = recorded(tree.unit, days_ago=2, made_up=[absentee(morning, "张三")])
    client = client_as("district_admin")

    errors = refused(
        client,
        [session_header(), session_row(title="补课", held_on=day(1), made_up=f"{day(9)} 张三")],
    )
    assert said(
        errors[2], "张三 missed more than one session of this unit on", "缺席了本单位不止一次活动"
    ), errors[2]

    # The session that already makes up for one of them names it as its export does: unchanged.
    row = edited(linked, made_up=f"{day(9)} 张三")
    preview, _done = import_file(client, "studysession", csv_file([session_header(), row]))
    assert preview.context["result"].totals["skip"] == 1
    assert absentee(morning, "张三").made_up_in == linked


def test_make_ups_are_found_in_one_lookup_for_the_whole_file(client_as, tree):
    units = [tree.unit, tree.team, tree.sibling]
    for n, unit in enumerate(units * 4):
        recorded(unit, days_ago=20 + n, absentees=[(f"缺席{n}", AbsenceReason.SICK, "")])
    rows = [session_header()] + [
        session_row(unit.code, held_on=day(2), title=f"补课{n}", made_up=f"{day(20 + n)} 缺席{n}")
        for n, unit in enumerate(units * 4)
    ]
    client = client_as("district_admin")

    with CaptureQueriesContext(connection) as queries:
        import_file(client, "studysession", csv_file(rows))

    lookups = [q["sql"] for q in queries if '"campaign_absentee"."name" IN' in q["sql"]]
    assert len(lookups) == 2  # the preview's and the confirmation's
    assert Absentee.objects.filter(made_up_in__isnull=False).count() == 12


# --- Round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_absentees_and_make_ups_survive_an_export_and_import(client_as, tree, file_format):
    missed = recorded(
        tree.unit,
        days_ago=9,
        absentees=[
            ("张三", AbsenceReason.SICK, ""),
            ("-李四", AbsenceReason.OTHER, "借调,=外出"),
            ("王五", AbsenceReason.BUSINESS, ""),
        ],
        absence_note="=另有两人迟到",
    )
    makeup = recorded(
        tree.unit,
        days_ago=2,
        absentees=[("赵六", AbsenceReason.PERSONAL, "")],
        made_up=[absentee(missed, "张三"), absentee(missed, "-李四")],
    )
    client = client_as("district_admin")
    _rows, content = export(client, "studysession", file_format)
    # Gone between the export and its import: the file puts them back.
    Absentee.objects.filter(made_up_in=makeup).update(made_up_in=None)
    Absentee.objects.filter(name="赵六").delete()
    StudySession.objects.filter(pk=missed.pk).update(absence_note="")

    preview, _done = import_file(client, "studysession", content, f"s.{file_format}", file_format)

    assert preview.context["result"].totals["update"] == 2
    missed.refresh_from_db()
    assert missed.absence_note == "=另有两人迟到"
    assert [(a.name, a.note) for a in missed.absentees.all()] == [
        ("张三", ""),
        ("-李四", "借调,=外出"),
        ("王五", ""),
    ]
    assert sorted(a.name for a in makeup.made_up_absentees.all()) == ["-李四", "张三"]
    assert [a.name for a in makeup.absentees.all()] == ["赵六"]
    assert (missed.absentee_count, missed.made_up_count) == (3, 2)
