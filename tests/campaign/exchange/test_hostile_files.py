"""Hostile spreadsheets: zip bombs and giant cells are refused with a message, quickly and in
bounded memory (read in a process capped at 1 GB of address space), and a text cell longer than
its field is a row error that does not quote the cell."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

from documents.archives import MAX_SHARED_STRINGS, MAX_TEXT_BYTES
from tests.campaign.exchange.spreadsheets import (
    bad_rows,
    session_header,
    session_row,
    upload,
)
from tests.servers import PROJECT, production_env

MEMORY_CAP = 1024**3


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replaced(content: bytes, name: str, chunks) -> bytes:
    """The workbook with member `name` written from `chunks` (streamed: never whole in memory)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            if member.filename == name:
                continue
            target.writestr(member, source.read(member))
        with target.open(name, "w", force_zip64=True) as stream:
            for chunk in chunks:
                stream.write(chunk)
    return out.getvalue()


def blank_rows():
    yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    yield b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    for _ in range(10):
        yield b"<row/>" * 1_000_000  # ten million blank rows
    yield b"</sheetData></worksheet>"


def shared_strings(strings):
    yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    yield from strings
    yield b"</sst>"


def many_distinct_strings():
    """More strings than any real file, each different, so the file barely compresses."""
    for _chunk in range(0, MAX_SHARED_STRINGS + 10_000, 10_000):
        yield b"".join(b"<si><t>%s</t></si>" % os.urandom(6).hex().encode() for _ in range(10_000))


HOSTILE = {
    "ten million blank rows": lambda base: replaced(base, "xl/worksheets/sheet1.xml", blank_rows()),
    "five million shared strings": lambda base: replaced(
        base, "xl/sharedStrings.xml", shared_strings([b"<si><t>a</t></si>" * 5_000_000])
    ),
    "a million distinct strings": lambda base: replaced(
        base, "xl/sharedStrings.xml", shared_strings(many_distinct_strings())
    ),
    "one 100 MB cell": lambda base: replaced(
        base,
        "xl/sharedStrings.xml",
        shared_strings([b"<si><t>", *([b"A" * 10_000_000] * 10), b"</t></si>"]),
    ),
    "one cell of random text past the limit": lambda base: replaced(
        base,
        "xl/sharedStrings.xml",
        shared_strings([b"<si><t>", os.urandom(MAX_TEXT_BYTES).hex().encode(), b"</t></si>"]),
    ),
}

READ = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
import django
django.setup()
from campaign.exchange.readers import XLSX, ImportFileError
for path in sys.argv[1:]:
    started = time.monotonic()
    try:
        XLSX().create_dataset(open(path, "rb").read())
        print("read", path)
    except ImportFileError as error:
        print("refused", round(time.monotonic() - started, 1), error)
"""


def test_zip_bombs_and_giant_cells_are_refused_in_bounded_memory(tmp_path: Path, decision):
    base = workbook([session_header(), session_row()])
    paths = []
    for number, make in enumerate(HOSTILE.values()):
        path = tmp_path / f"hostile-{number}.xlsx"
        path.write_bytes(make(base))
        assert path.stat().st_size < 20 * 1024 * 1024  # each passes the upload's size limit
        paths.append(str(path))

    result = subprocess.run(
        [sys.executable, "-c", READ.format(cap=MEMORY_CAP), *paths],
        cwd=PROJECT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(lines) == len(HOSTILE), result.stdout
    for name, line in zip(HOSTILE, lines, strict=True):
        assert line.startswith("refused"), (name, line)
        assert "无法导入" in line or "cannot be imported" in line, (name, line)


def test_a_real_workbook_passes_the_archive_checks(client_as, tree):
    content = workbook([session_header(), *(session_row(title=f"活动{n}") for n in range(200))])

    preview = upload(client_as("district_admin"), "studysession", content, "a.xlsx", "xlsx")

    assert preview.context.get("confirm_form") is not None, bad_rows(preview)


def test_a_summary_longer_than_its_field_is_a_row_error_that_does_not_quote_it(client_as, tree):
    content = workbook([session_header(), session_row(summary="学" * 20_000)])

    preview = upload(client_as("district_admin"), "studysession", content, "a.xlsx", "xlsx")

    errors = bad_rows(preview)
    assert list(errors) == [2]
    assert "10000" in errors[2] and "学学学学学学学学学学" not in errors[2]
    assert len(preview.content) < 100_000
