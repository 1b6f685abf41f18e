"""Writing the admin's export files so that they read well in Chinese: the sheet named after what
it holds (not "Tablib Dataset") and columns wide enough for Chinese text, which takes two
character widths a character (tablib counts one)."""

import io
import unicodedata

import openpyxl
from openpyxl.utils import get_column_letter
from tablib.formats._xlsx import XLSXFormat, safe_xlsx_sheet_title

from campaign.exchange import readers

# Columns are sized from the header and the first rows; never narrower or wider than these.
SAMPLED_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 60


def display_width(value) -> int:
    """How many character widths a cell's text takes: a Chinese character takes two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class XLSX(readers.XLSX):
    """The admin's XLSX export (and import, as `readers.XLSX`)."""

    def export_data(self, dataset, **kwargs):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = safe_xlsx_sheet_title(dataset.title or "Sheet1", "-")
        XLSXFormat.dset_sheet(dataset, sheet, freeze_panes=True, escape=False)
        for index, column in enumerate(
            sheet.iter_cols(max_row=min(sheet.max_row, SAMPLED_ROWS + 1)), start=1
        ):
            width = max((display_width(cell.value) for cell in column), default=0) + 2
            sheet.column_dimensions[get_column_letter(index)].width = min(
                max(width, MIN_WIDTH), MAX_WIDTH
            )
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()


# The library's formats as configured in settings, and what the admin exports them with.
EXPORT_FORMATS = {readers.base_formats.XLSX: XLSX}
