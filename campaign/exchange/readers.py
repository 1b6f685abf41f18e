"""Reading an uploaded file, and refusing it as a whole before any row is looked at.

- a file over `MAX_IMPORT_BYTES` (20 MB) or with more than `MAX_IMPORT_ROWS` (50,000) data rows is
  refused with a message, as is an empty file or one that is not a spreadsheet of the chosen
  format (the size in `forms.ImportForm`, the rest here);
- an XLSX file is a zip archive: before openpyxl sees it, its members' sizes and compression
  ratios, its shared strings and its longest text are checked (`check_archive`), so a small file
  that unpacks to gigabytes, millions of strings or a 100 MB cell is refused within a second and
  in bounded memory (the checks are `documents.archives`', shared with the decisions' reader); then it is read in openpyxl's streaming mode and stops at the row limit,
  blank rows included;
- CSV is read as UTF-8 and, failing that, as GB18030, the encoding Excel uses on Chinese Windows.
"""

import csv
import io
import zipfile

import tablib
from django.utils.translation import gettext
from import_export.formats import base_formats

from documents import archives

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
# Blank rows are skipped, but read: this many rows in all, blank or not, is the most read.
MAX_PHYSICAL_ROWS = 2 * MAX_IMPORT_ROWS


class ImportFileError(Exception):
    """A file refused as a whole; the message is shown to the user as it is."""


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        gettext(
            "The file has more than %(limit)d rows of data; split it into files of at most "
            "%(limit)d rows."
        )
        % {"limit": MAX_IMPORT_ROWS}
    )


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(gettext("This file is not an XLSX spreadsheet, or it is damaged."))


def _bomb() -> ImportFileError:
    return ImportFileError(
        gettext(
            "This file unpacks to far more data than a spreadsheet of %(limit)d rows holds; it "
            "cannot be imported. Save the sheet again as a plain XLSX file."
        )
        % {"limit": MAX_IMPORT_ROWS}
    )


def check_archive(content: bytes) -> None:
    """Refuse an XLSX archive that would take a worker's time and memory to open, or that is
    damaged (`documents.archives`), in the words of a spreadsheet."""
    try:
        archives.check_archive(content)
    except archives.DamagedArchive as error:
        raise _not_a_spreadsheet() from error
    except archives.HostileArchive as error:
        raise _bomb() from error


def _dataset(rows) -> tablib.Dataset:
    """A Dataset of the header row and the data rows, blank rows left out, within the limit."""
    rows = iter(rows)
    headers = next(rows, None)
    dataset = tablib.Dataset()
    if headers is None:
        return dataset
    headers = ["" if cell is None else str(cell).strip() for cell in headers]
    while headers and not headers[-1]:
        headers.pop()  # Excel often carries empty, formatted columns after the data
    width = len(headers)
    dataset.headers = headers
    for read, row in enumerate(rows, start=1):
        if read > MAX_PHYSICAL_ROWS:  # mostly blank: formatted to the sheet's end, or a bomb
            raise _too_many_rows()
        row = list(row)[:width]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        if dataset.height >= MAX_IMPORT_ROWS:
            raise _too_many_rows()
        dataset.append(row + [None] * (width - len(row)))
    return dataset


class XLSX(base_formats.XLSX):
    """XLSX import that streams the first sheet and stops at the row limit."""

    def create_dataset(self, in_stream):
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        check_archive(in_stream)
        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
            raise _not_a_spreadsheet() from error
        try:
            return _dataset(book.active.iter_rows(values_only=True))
        finally:
            book.close()


class CSV(base_formats.CSV):
    """CSV import in UTF-8 (with or without BOM) or GB18030, within the row limit.

    Read as bytes so that the encoding can be chosen here rather than by the admin.
    """

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    in_stream = in_stream.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ImportFileError(
                    gettext(
                        "This CSV file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8."
                    )
                )
        if "\x00" in in_stream:
            raise ImportFileError(gettext("This file is not a CSV text file."))
        try:
            return _dataset(csv.reader(io.StringIO(in_stream, newline="")))
        except csv.Error as error:
            raise ImportFileError(gettext("This file is not a CSV text file.")) from error


# The library's formats as configured in settings, and what the admin imports them with.
IMPORT_FORMATS = {base_formats.XLSX: XLSX, base_formats.CSV: CSV}
