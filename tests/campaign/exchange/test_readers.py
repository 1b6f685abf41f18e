"""Files refused as a whole, before any row is looked at: not a spreadsheet, empty, headers only,
over the size or the row limit."""

import os

import pytest

from campaign.exchange.readers import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS
from campaign.models import StudySession
from tests.campaign.exchange.spreadsheets import (
    Snapshot,
    column,
    csv_file,
    file_errors,
    said,
    session_header,
    session_row,
    upload,
    xlsx_file,
)


def test_random_bytes_named_xlsx_are_refused(client_as, tree):
    client = client_as("district_admin")
    before = Snapshot.take()
    response = upload(client, "studysession", os.urandom(4096), "sessions.xlsx", "xlsx")
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert said(file_errors(response), "is not an XLSX spreadsheet", "不是 XLSX 电子表格")
    assert Snapshot.take() == before


def test_an_xlsx_read_as_csv_is_refused_with_a_message(client_as, tree):
    client = client_as("district_admin")
    content = xlsx_file([session_header(), session_row()])
    response = upload(client, "studysession", content, "sessions.csv", "csv")
    assert response.context.get("confirm_form") is None
    assert file_errors(response)
    assert StudySession.objects.count() == 0


def test_an_empty_file_is_refused(client_as, tree):
    client = client_as("district_admin")
    response = upload(client, "studysession", b"", "empty.csv")
    assert response.context.get("confirm_form") is None
    assert "所提交的是空文件。" in file_errors(response)
    assert StudySession.objects.count() == 0


def test_a_file_with_headers_only_is_refused(client_as, tree):
    client = client_as("district_admin")
    response = upload(client, "studysession", csv_file([session_header()]))
    assert response.context.get("confirm_form") is None
    assert file_errors(response)
    assert StudySession.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client_as, tree):
    client = client_as("district_admin")
    line = ",".join(session_row()).encode() + b"\n"
    content = csv_file([session_header()]) + line * (MAX_IMPORT_BYTES // len(line) + 1)
    assert len(content) > MAX_IMPORT_BYTES
    response = upload(client, "studysession", content, "huge.csv")
    assert response.context.get("confirm_form") is None
    megabytes = MAX_IMPORT_BYTES // 2**20
    assert said(
        file_errors(response),
        f"an import may be at most {megabytes} MB",
        f"不能超过 {megabytes} MB",
    )
    assert StudySession.objects.count() == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused(client_as, tree, file_format):
    client = client_as("district_admin")
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
