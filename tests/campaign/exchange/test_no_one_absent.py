"""A 缺席人员及原因 cell that says nobody was absent, as people write it in a Chinese form (无,
没有, a dash, a slash, with spaces around too), names no one: on import, where the cell is read,
and typed as a name in the session's form (issue 21)."""

import pytest
from django.utils import timezone

from campaign.exchange.absentee_cells import parse_absentees, parse_made_up
from campaign.models import Absentee, StudySession
from tests.campaign.entries import post_session, session_form
from tests.campaign.exchange.spreadsheets import (
    csv_file,
    import_file,
    session_header,
    session_row,
    xlsx_file,
)

# As they come in real files: the word alone, with a space either side (ASCII or full width).
NOBODY = ["无", "没有", "—", "-", "/", " 无 ", "\u3000没有\u3000", " — ", " - ", " / ", "——", "／"]


@pytest.mark.parametrize("cell", NOBODY)
def test_a_cell_saying_nobody_reads_as_no_absentee_and_no_make_up(cell):
    assert parse_absentees(cell) == []
    assert parse_made_up(cell) == []


@pytest.mark.parametrize("cell", ["无（病假）", "无名氏（病假）", "-张三（病假）"])
def test_a_name_that_only_starts_like_nobody_is_still_read_as_a_name(cell):
    assert len(parse_absentees(cell)) == 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_sessions_file_with_nobody_absent_in_every_way_imports_every_row(
    client_as, tree, file_format
):
    rows = [
        session_header(),
        *(
            session_row(title=f"专题学习第{n}次", absentees=cell, made_up=cell)
            for n, cell in enumerate(NOBODY, start=1)
        ),
    ]
    content = csv_file(rows) if file_format == "csv" else xlsx_file(rows)
    import_file(
        client_as("district_admin"), "studysession", content, f"s.{file_format}", file_format
    )
    sessions = StudySession.objects.filter(title__startswith="专题学习第")
    assert sessions.count() == len(NOBODY)
    assert not Absentee.objects.exists()
    assert {s.absentee_count for s in sessions} == {0}


@pytest.mark.parametrize("name", ["无", " 没有 ", "—", "/"])
def test_nobody_typed_in_the_forms_empty_absentee_row_saves_the_session_without_absentees(
    client_as, tree, name
):
    data = session_form(tree.unit, title="学习李斌同志先进事迹（无缺席）")
    data.update(
        {
            "absentees-TOTAL_FORMS": "1",
            "absentees-0-id": "",
            "absentees-0-session": "",
            "absentees-0-name": name,
            "absentees-0-reason": "",
            "absentees-0-note": "",
        }
    )
    response = post_session(client_as("organiser"), data)
    assert response.status_code == 302, response.context["errors"]
    session = StudySession.objects.get(title="学习李斌同志先进事迹（无缺席）")
    assert not session.absentees.exists()
    assert session.held_on <= timezone.localdate()
