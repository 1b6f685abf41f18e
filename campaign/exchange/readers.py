"""Reading an uploaded file, and refusing it as a whole before any row is looked at.

- a file over `MAX_IMPORT_BYTES` (20 MB) or with more than `MAX_IMPORT_ROWS` (50,000) data rows is
  refused with a message, as is an empty file or one that is not a spreadsheet of the chosen
  format (the size in `forms.ImportForm`, the rest here);
- XLSX is read in openpyxl's streaming mode and stops at the row limit, so a small file that
  unpacks to millions of rows is refused without being loaded;
- CSV is read as UTF-8 and, failing that, as GB18030, the encoding Excel uses on Chinese Windows.
"""

import csv
import io
import zipfile

import tablib
from django.utils.translation import gettext
from import_export.formats import base_formats

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000


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
    for row in rows:
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

        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
            raise ImportFileError(
                gettext("This file is not an XLSX spreadsheet, or it is damaged.")
            ) from error
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
