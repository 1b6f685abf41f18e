"""The participation summary (汇总表): one row per unit, as the form units hand in (XLSX) or as CSV.

Both come from one aggregate query (`query`), written by the database: PostgreSQL streams the
CSV with COPY, other databases through a cursor; the XLSX is written row by row from a
server-side cursor by XlsxWriter in constant-memory mode. Memory stays bounded at city scale
and no row becomes a model instance. The sheet is an official form and is always in Chinese,
whatever the interface language.
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterator
from urllib.parse import quote

import xlsxwriter
from django.db import connections
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation

from campaign.choices import District, OrganisationKind
from campaign.exchange.escaping import escape_formula, escaped_sql
from campaign.replica import read_alias
from campaign.reports.report import Report
from documents.dates import chinese_date

TITLE = "向李斌同志学习活动参与情况汇总表"  # the first campaign's (`title`)
HEADERS = [
    ("所属区", 10),
    ("单位代码", 14),
    ("单位名称", 34),
    ("单位类别", 18),
    ("上级单位", 30),
    ("学习活动次数", 12),
    ("参加人次", 10),
    ("其中党员人次", 12),
    ("缺席人次", 10),
    ("其中已补课人次", 14),
    ("心得体会篇数", 12),
    ("已学习要点", 40),
    ("已学习要点数", 12),
    ("最近一次活动日期", 16),
]
# A column's position, by its heading: the XLSX's totals find their columns by name.
COLUMN = {heading: index for index, (heading, _width) in enumerate(HEADERS)}
# Absences are summed from the sessions' own counts (`absentee_count`, `made_up_count`): how many
# times someone was absent, and how many of those absences have since been made up. Never a list
# of people: the table is of units.
ABSENCE_COLUMNS = (COLUMN["缺席人次"], COLUMN["其中已补课人次"])
# Rows fetched at a time from the server-side cursor.
ROWS_PER_FETCH = 2000

# Per unit: the period's sessions (their absentee counts with them) and reflections, each
# aggregated once (hash aggregates, no query per unit), joined to the units in scope, in official
# district order.
SUMMARY_SQL = """
SELECT {district}, o.code, {name}, {kind}, {parent},
       COALESCE(s.sessions, 0), COALESCE(s.participants, 0), COALESCE(s.party_members, 0),
       COALESCE(s.absentees, 0), COALESCE(s.made_up, 0),
       COALESCE(r.reflections, 0), {points}, {point_count}, s.last_session
FROM campaign_organisation o
LEFT JOIN campaign_organisation p ON p.id = o.parent_id
LEFT JOIN (
    SELECT organisation_id, COUNT(*) AS sessions, SUM(participants) AS participants,
           SUM(party_members) AS party_members, SUM(absentee_count) AS absentees,
           SUM(made_up_count) AS made_up, MAX(held_on) AS last_session
    FROM campaign_studysession
    WHERE held_on BETWEEN %s AND %s AND EXISTS (
        SELECT 1 FROM campaign_studysession_points l
        WHERE l.studysession_id = campaign_studysession.id AND l.learningpoint_id IN ({point_ids})
    )
    GROUP BY organisation_id
) s ON s.organisation_id = o.id
LEFT JOIN (
    SELECT cs.organisation_id, {covered}
    FROM campaign_studysession cs
    JOIN campaign_studysession_points cl ON cl.studysession_id = cs.id
    WHERE cs.held_on BETWEEN %s AND %s AND cl.learningpoint_id IN ({point_ids})
    GROUP BY cs.organisation_id
) c ON c.organisation_id = o.id
LEFT JOIN (
    SELECT organisation_id, COUNT(*) AS reflections
    FROM campaign_reflection
    WHERE created_at >= %s AND created_at < %s AND point_id IN ({point_ids})
    GROUP BY organisation_id
) r ON r.organisation_id = o.id
WHERE o.id IN ({units})
ORDER BY o.district, {body_order}, o.code
"""


def _labels(column: str, choices) -> tuple[str, list]:
    """A CASE giving each stored value its Chinese label."""
    with translation.override("zh-hans"):
        pairs = [(value, str(label)) for value, label in choices]
    whens = " ".join("WHEN %s THEN %s" for _ in pairs)
    return f"CASE {column} {whens} ELSE '' END", [x for pair in pairs for x in pair]


def _body_order(issuers: str) -> tuple[str, list]:
    """Within a district, bodies in the decision's order rather than their codes': its four
    issuing bodies as its head names them (`issuers`, one a line), then each district's 组织部,
    宣传部, 工会 (with the union branches), 国资委 (with the SASAC units): the order
    `OrganisationKind` is declared in."""
    names = [name.strip() for name in issuers.splitlines() if name.strip()]
    kinds = " ".join("WHEN %s THEN %s" for _ in OrganisationKind.values)
    issuer = " ".join("WHEN %s THEN %s" for _ in names) or "WHEN NULL THEN 0"
    sql = f"CASE o.kind {kinds} ELSE 99 END, CASE o.name {issuer} ELSE 99 END"
    params = [x for rank, kind in enumerate(OrganisationKind.values) for x in (kind, rank)]
    params += [x for rank, name in enumerate(names) for x in (name, rank)]
    return sql, params


def query(report: Report, alias: str = "default") -> tuple[str, list]:
    """The summary's SQL and parameters, in the order of HEADERS, for database `alias`."""
    connection = connections[alias]
    district, district_params = _labels("o.district", District.choices)
    kind, kind_params = _labels("o.kind", OrganisationKind.choices)
    name, name_params = escaped_sql("o.name", connection.vendor)
    parent, parent_params = escaped_sql("COALESCE(p.name, '')", connection.vendor)
    # The decision's points, and its issuing bodies for the order of the bodies.
    points = report.points
    issuers = report.document.issuers if report.document else ""
    ids = [point.pk for point in points] or [0]  # no point: an IN list that matches nothing
    point_ids = ", ".join(str(int(pk)) for pk in ids)
    covered = (
        ", ".join(
            f"MAX(CASE WHEN cl.learningpoint_id = {int(point.pk)} THEN 1 ELSE 0 END) AS covered_{i}"
            for i, point in enumerate(points)
        )
        or "0 AS covered_none"
    )
    covered_points = "RTRIM({}, %s)".format(
        " || ".join(f"CASE WHEN c.covered_{i} = 1 THEN %s ELSE '' END" for i in range(len(points)))
        or "''"
    )
    points_params = [*(f"{point.short_name}、" for point in points), "、"]
    point_count = " + ".join(f"COALESCE(c.covered_{i}, 0)" for i in range(len(points))) or "0"
    units_sql, units_params = report.units().order_by().values("pk").query.sql_with_params()
    body_order, body_order_params = _body_order(issuers)
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(report.start, datetime.time.min, zone)
    before = datetime.datetime.combine(
        report.until + datetime.timedelta(days=1), datetime.time.min, zone
    )
    adapt = connection.ops.adapt_datetimefield_value
    sql = SUMMARY_SQL.format(
        district=district,
        name=name,
        kind=kind,
        parent=parent,
        points=covered_points,
        point_count=point_count,
        covered=covered,
        point_ids=point_ids,
        units=units_sql,
        body_order=body_order,
    )
    params = [
        *district_params,
        *name_params,
        *kind_params,
        *parent_params,
        *points_params,
        report.start,
        report.until,
        report.start,
        report.until,
        adapt(since),
        adapt(before),
        *units_params,
        *body_order_params,
    ]
    return sql, params


def rows(report: Report, alias: str | None = None) -> Iterator[tuple]:
    """The summary's rows from a server-side cursor, ROWS_PER_FETCH at a time, read from `alias` (by
    default where the report is read: the replica in a report view, when there is one)."""
    alias = alias or read_alias()
    sql, params = query(report, alias)
    with connections[alias].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(ROWS_PER_FETCH):
            for row in chunk:
                last = row[-1]
                if isinstance(last, str):  # SQLite gives a raw query's dates as text
                    row = (*row[:-1], datetime.date.fromisoformat(last))
                yield row


def title(report: Report) -> str:
    """The table's title, after its campaign: 向李斌同志学习活动参与情况汇总表; a sample's is
    marked 示例 (and a name that ends in 活动 is not given a second one)."""
    campaign = report.campaign
    if campaign is None:
        return "学习活动参与情况汇总表"
    name = campaign.name if campaign.name.endswith("活动") else f"{campaign.name}活动"
    sample = "（示例）" if campaign.is_sample and "示例" not in name else ""
    return f"{name}参与情况汇总表{sample}"


def filename(report: Report, extension: str) -> str:
    district = f"{report.district_name}，" if report.district_name else ""
    name = re.sub(r'[\\/:*?"<>|]', "", title(report))
    return f"{name}（{district}{report.start:%Y%m%d}-{report.until:%Y%m%d}）.{extension}"


def _disposition(report: Report, extension: str) -> str:
    # A plain ASCII name for old clients and the Chinese one (RFC 6266) for every current browser.
    fallback = f"participation-summary-{report.start:%Y%m%d}-{report.until:%Y%m%d}.{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename(report, extension))}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(report: Report) -> StreamingHttpResponse:
    # The rows are read after the view has returned, while the response streams: the database
    # is chosen now.
    alias = read_alias()

    def chunks() -> Iterator[bytes | str]:
        writer = csv.writer(_Echo())
        yield "\ufeff"  # lets Excel read the file as UTF-8
        yield writer.writerow([header for header, _width in HEADERS])
        connection = connections[alias]
        if connection.vendor == "postgresql":
            sql, params = query(report, alias)
            with connection.cursor() as cursor:
                copy = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
                with cursor.cursor.copy(copy, params) as stream:
                    yield from stream
        else:
            for row in rows(report, alias):
                yield writer.writerow(row)

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(report, "csv")
    return response


def xlsx_response(report: Report, *, filler: str) -> FileResponse:
    """The paper form: title, filling unit and period, headers, a row per unit in district order,
    and totals; A4 landscape, one page wide, the headers on every page, numbered pages."""
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    heading = title(report)
    sheet = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", "", heading)[:31])
    # One typeface for every cell, totals included; thin borders round the table, as on paper.
    font = {"font_name": "宋体", "font_size": 11}
    cell = book.add_format({**font, "border": 1})
    number = book.add_format({**font, "border": 1})
    date = book.add_format({**font, "border": 1, "num_format": "yyyy-mm-dd"})
    header = book.add_format(
        {
            **font,
            "border": 1,
            "bold": True,
            "bg_color": "#F2DCDB",
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }
    )
    total = book.add_format({**font, "border": 1, "bold": True})
    plain = book.add_format(font)
    title_format = book.add_format({**font, "bold": True, "font_size": 16, "align": "center"})
    for index, (_header, width) in enumerate(HEADERS):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(4, 0)
    sheet.repeat_rows(3)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C第 &P 页，共 &N 页")

    district = report.district_name
    heading = f"{heading}（{district}）" if district else heading
    if district and district not in filler:
        filler = f"{filler}（{district}）"
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, heading, title_format)
    sheet.write_string(1, 0, f"填报单位：{escape_formula(filler)}", plain)
    sheet.write_string(
        1, 2, f"统计期间：{chinese_date(report.start)}至{chinese_date(report.until)}", plain
    )
    for column, (heading, _width) in enumerate(HEADERS):
        sheet.write_string(3, column, heading, header)
    line = 4
    # The absences are not in the report's headline: their totals are the column's sum.
    absences = dict.fromkeys(ABSENCE_COLUMNS, 0)
    for line, row in enumerate(rows(report), start=4):
        for column in ABSENCE_COLUMNS:
            absences[column] += row[column]
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(line, column, value, cell)  # text stays text: never a formula
            elif isinstance(value, datetime.date):
                sheet.write_datetime(line, column, _midnight(value), date)
            elif value is not None:
                sheet.write_number(line, column, value, number)
            else:
                sheet.write_blank(line, column, None, cell)
    totals = report.headline
    line += 1
    units = f"{totals['registered_units']} 个单位，{totals['participating_units']} 个开展学习"
    figures = {
        COLUMN["学习活动次数"]: totals["sessions"],
        COLUMN["参加人次"]: totals["participants"],
        COLUMN["其中党员人次"]: totals["party_members"],
        **absences,
        COLUMN["心得体会篇数"]: totals["reflections"],
    }
    for column in range(len(HEADERS)):
        if column == COLUMN["所属区"]:
            sheet.write_string(line, column, "合计", total)
        elif column == COLUMN["单位名称"]:
            sheet.write_string(line, column, units, total)
        elif column in figures:
            sheet.write_number(line, column, figures[column], total)
        else:
            sheet.write_blank(line, column, None, total)
    book.close()
    output.seek(0)
    response = FileResponse(
        output,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _disposition(report, "xlsx")
    return response


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day)
