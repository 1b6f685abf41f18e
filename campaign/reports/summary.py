"""The participation summary (汇总表): one row per unit, as XLSX in the layout units hand in, or as
CSV. Both are written row by row from `Report.unit_rows`, so memory stays bounded at city scale.

The sheet is an official form and is always in Chinese, whatever the interface language.
"""

import csv
import tempfile
from collections.abc import Iterator
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from campaign.choices import District, OrganisationKind
from campaign.exchange.escaping import escape_formula
from campaign.reports.report import Report

TITLE = "向李斌同志学习活动参与情况汇总表"
HEADERS = [
    ("所属区", 10),
    ("单位代码", 14),
    ("单位名称", 34),
    ("单位类别", 18),
    ("上级单位", 30),
    ("学习活动次数", 12),
    ("参加人次", 10),
    ("其中党员人次", 12),
    ("心得体会篇数", 12),
    ("已学习要点", 40),
    ("已学习要点数", 12),
    ("最近一次活动日期", 16),
]


def _chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _points_text(report: Report, numbers) -> str:
    return "、".join(p.short_name for p in report.points if p.number in numbers)


def rows(report: Report, *, chunk: int = 2000) -> Iterator[list]:
    with translation.override("zh-hans"):
        districts = {value: str(label) for value, label in District.choices}
        kinds = {value: str(label) for value, label in OrganisationKind.choices}
    for unit, stats in report.unit_rows(chunk=chunk):
        yield [
            districts[unit.district],
            unit.code,
            unit.name,
            kinds.get(unit.kind, unit.kind),
            unit.parent.name if unit.parent else "",
            stats.sessions,
            stats.participants,
            stats.party_members,
            stats.reflections,
            _points_text(report, stats.points),
            len(stats.points),
            stats.last_session,
        ]


def filename(report: Report, extension: str) -> str:
    return f"{TITLE}（{report.start:%Y%m%d}-{report.until:%Y%m%d}）.{extension}"


def _disposition(report: Report, extension: str) -> str:
    # A plain ASCII name for old clients and the Chinese one (RFC 6266) for every current browser.
    fallback = f"participation-summary-{report.start:%Y%m%d}-{report.until:%Y%m%d}.{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename(report, extension))}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(report: Report) -> StreamingHttpResponse:
    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff"  # lets Excel read the file as UTF-8
        yield writer.writerow([header for header, _width in HEADERS])
        for row in rows(report):
            yield writer.writerow([escape_formula(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(report, "csv")
    return response


def xlsx_response(report: Report, *, filler: str) -> FileResponse:
    """Title, filling unit and period, headers, a row per unit in district order, and totals."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(TITLE[:31])
    for index, (_header, width) in enumerate(HEADERS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A5"
    sheet.print_title_rows = "4:4"

    def cell(value, **style):
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # text stays text: never a formula
        for name, setting in style.items():
            setattr(item, name, setting)
        return item

    bold = Font(bold=True)
    sheet.append([cell(TITLE, font=Font(bold=True, size=16))])
    sheet.append(
        [
            cell(f"填报单位：{filler}"),
            None,
            cell(f"统计期间：{_chinese_date(report.start)}至{_chinese_date(report.until)}"),
        ]
    )
    sheet.append([])
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    sheet.append(
        [
            cell(header, font=bold, fill=header_fill, alignment=Alignment(horizontal="center"))
            for header, _width in HEADERS
        ]
    )
    for row in rows(report):
        sheet.append([cell(value) for value in row])
    totals = report.headline
    sheet.append(
        [
            cell("合计", font=bold),
            None,
            cell(
                f"{totals['registered_units']} 个单位，{totals['participating_units']} 个开展学习"
            ),
            None,
            None,
            cell(totals["sessions"], font=bold),
            cell(totals["participants"], font=bold),
            cell(totals["party_members"], font=bold),
            cell(totals["reflections"], font=bold),
        ]
    )
    # write_only keeps rows on disk as they come; the temporary file goes when the response closes.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _disposition(report, "xlsx")
    return response
