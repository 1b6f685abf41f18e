"""References measured in the same run as the figures they stand beside, where PostgreSQL's COPY
or a constant view does not apply: how fast this machine's Python writes a spreadsheet."""

import datetime
import functools
import tempfile
import time

import xlsxwriter


@functools.cache
def xlsx_alone(rows: int) -> float:
    """Seconds for XlsxWriter alone (constant memory, as the 汇总表 is written) to write `rows`
    rows of the 汇总表's shape from memory: per row 6 texts, 7 numbers and a date, each cell with a
    format, no database and no HTTP. The 汇总表 XLSX's time beside it is the machine's speed
    plus what the portal adds."""
    started = time.perf_counter()
    with tempfile.TemporaryFile(suffix=".xlsx") as output:
        book = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
        sheet = book.add_worksheet()
        cell = book.add_format({"font_name": "宋体", "font_size": 11, "border": 1})
        date = book.add_format({"font_name": "宋体", "border": 1, "num_format": "yyyy-mm-dd"})
        day = datetime.datetime(2026, 12, 1)
        for line in range(rows):
            for column in range(6):
                sheet.write_string(line, column, "黄浦区某某单位工会委员会", cell)
            for column in range(6, 13):
                sheet.write_number(line, column, line % 97, cell)
            sheet.write_datetime(line, 13, day, date)
        book.close()
    return time.perf_counter() - started
