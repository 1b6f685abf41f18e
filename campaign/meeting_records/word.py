"""The 学习会议记录: one study session as the Word document units file, written by python-docx.

Always in Chinese, whatever the interface language (like the 汇总表): it is the unit's record.
Laid out as Chinese office documents are: A4 with margins of 3.7, 3.5, 2.8 and 2.6 cm, the title
in 方正小标宋简体 二号, labels in 黑体 and text in 仿宋_GB2312. A computer without those two
typefaces shows 宋体 and 仿宋 instead (the alternative names in the document's font table).

Everything comes from the session as it was entered; nothing is asked again. Text from the
database goes in as text (python-docx escapes it) without the characters XML cannot hold, so a
record is always made.
"""

import datetime
import functools
import io
import re
import zipfile

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from campaign.choices import AbsenceReason
from campaign.meeting_records.photos import add_photos
from campaign.models import Absentee, StudySession
from documents.dates import chinese_date
from documents.models import LearningPoint

TITLE = "学习会议记录"
TITLE_FONT = "方正小标宋简体"
LABEL_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
# Shown by Word and WPS where the typeface is missing (w:altName in the font table).
FALLBACK_FONTS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋"}
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
TABLE_SIZE = 14  # 四号
SIGNATURE = "记录人（签字）：＿＿＿＿＿＿"
SIGNED_ON = "日期：＿＿＿＿年＿＿月＿＿日"
# The reasons as the record names them: in Chinese whatever the interface language.
REASONS = {
    AbsenceReason.BUSINESS: "公差",
    AbsenceReason.SICK: "病假",
    AbsenceReason.PERSONAL: "事假",
    AbsenceReason.OTHER: "其他",
}
NOT_MADE_UP = "尚未补课"
# The table fills the 15.6 cm between the margins: label, value, label, value; the longest label
# (缺席人员及原因) and a date (2026年11月24日) each on one line.
COLUMN_WIDTHS = (Cm(3.9), Cm(4.6), Cm(2.5), Cm(4.6))
# Room to write by hand when the session has no minutes yet; small enough that the row stays on
# the first page after all four points of one campaign (and its name).
MINUTES_HEIGHT = Cm(6)

# Everything but the characters XML 1.0 allows (tab, newlines, and the planes without the
# surrogates, U+FFFE and U+FFFF): a control character pasted into a field must not stop a record.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
# Parts python-docx's template carries that a record has no use for: a picture of a blank page
# shown as the file's preview, and a copy of the styles for Word 2007.
_UNUSED_PARTS = {
    RT.THUMBNAIL,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}


def xml_text(value: object) -> str:
    """The text without the characters a Word file cannot hold."""
    return _NOT_XML.sub("", str(value))


def one_line(value: object) -> str:
    """A name or a place: on one line."""
    return xml_text(_LINE_BREAKS.sub(" ", str(value))).strip()


def paragraphs(value: object) -> list[str]:
    """Text as its paragraphs, one a line, without blank lines or the writer's own indents."""
    lines = (xml_text(line).strip() for line in str(value).splitlines())
    return [line for line in lines if line]


def absentee_lines(session: StudySession) -> list[str]:
    """Who was absent and why, a line each, with whether they have made up since: 张三（病假）——
    已于2026年3月20日补课, 李四（其他：借调）——尚未补课; then the session's other notes on absence.
    Reads `session.absentees` with their make-up sessions (`record_sessions` prefetches them)."""
    lines = []
    for absentee in session.absentees.all():
        made_up = absentee.made_up_in
        status = f"已于{chinese_date(made_up.held_on)}补课" if made_up else NOT_MADE_UP
        lines.append(f"{absentee_text(absentee)}——{status}")
    return lines + paragraphs(session.absence_note)


def absentee_text(absentee: Absentee) -> str:
    """张三（病假）, 李四（其他：借调）: the name, the reason and its note."""
    note = one_line(absentee.note)
    reason = REASONS[absentee.reason] + (f"：{note}" if note else "")
    return f"{one_line(absentee.name)}（{reason}）"


def made_up_lines(session: StudySession) -> list[str]:
    """Whom a make-up session (补课) makes up for, a line for each session they missed, the
    earliest first: 张三、李四（补2026年3月5日《专题学习〈决定〉》）. Empty for any other session.
    Reads `session.made_up_absentees` with the sessions they missed (prefetched by
    `record_sessions`)."""
    missed: dict[int, tuple[StudySession, list[Absentee]]] = {}
    for absentee in session.made_up_absentees.all():
        missed.setdefault(absentee.session_id, (absentee.session, []))[1].append(absentee)
    lines = []
    for earlier, absentees in sorted(
        missed.values(), key=lambda item: (item[0].held_on, item[0].pk)
    ):
        names = "、".join(one_line(a.name) for a in sorted(absentees, key=lambda a: a.pk))
        lines.append(f"{names}（补{chinese_date(earlier.held_on)}《{_nested(earlier.title)}》）")
    return lines


def _nested(title: str) -> str:
    """A title inside 《》: its own 《》 become 〈〉, as Chinese typesetting nests them."""
    return one_line(title).replace("《", "〈").replace("》", "〉")


def _absentees() -> QuerySet:
    # In the order they were entered, without the join the model's ordering by session needs.
    return Absentee.objects.order_by("pk")


def _points() -> QuerySet:
    # With their campaigns, which the record names them under.
    return LearningPoint.objects.select_related("document__campaign")


def point_lines(session: StudySession) -> list[str]:
    """The session's points grouped by campaign, the oldest campaign first: its name (marked
    示例 for a sample) on a line, then the heading of each of its points, a line each. A session
    may serve several campaigns; it is recorded once. Reads `session.points` with their
    campaigns (prefetched by `record_sessions`, else read here)."""
    points = session.points.all()
    if "points" not in getattr(session, "_prefetched_objects_cache", {}):
        points = points.select_related("document__campaign")
    groups: dict[int, list[LearningPoint]] = {}
    for point in sorted(points, key=lambda p: (p.document_id, p.number)):
        groups.setdefault(point.document_id, []).append(point)
    lines = []
    for group in sorted(groups.values(), key=lambda g: _campaign_order(g[0].document)):
        campaign = getattr(group[0].document, "campaign", None)
        if campaign is not None:
            lines.append(f"{one_line(campaign.label)}：")
        lines.extend(one_line(point.heading) for point in group)
    return lines


def _campaign_order(document) -> tuple:
    campaign = getattr(document, "campaign", None)
    return (campaign.opens_on, campaign.pk) if campaign else (datetime.date.max, document.pk)


def record_sessions(sessions: QuerySet) -> QuerySet:
    """`sessions` with everything a record reads: the unit joined, and the points, absentees
    (with the sessions they made up in) and those made up for (with the sessions they missed)
    prefetched, a query each per chunk. Whatever the caller prefetched is replaced."""
    return (
        sessions.select_related("organisation")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("points", queryset=_points()),
            Prefetch("absentees", queryset=_absentees().select_related("made_up_in")),
            Prefetch("made_up_absentees", queryset=_absentees().select_related("session")),
        )
    )


def format_label(session: StudySession) -> str:
    with translation.override("zh-hans"):
        return str(session.get_format_display())


MINUTES = ("会议内容", "（学习纪要）")
MADE_UP = "补课人员"
# The form's rows, top to bottom: a label with its value across the row, or two label-value pairs.
FORM_ROWS = (
    ("单位",),
    ("会议主题",),
    ("时间", "地点"),
    ("主持人/主讲人", "形式"),
    ("参加人数", "其中党员"),
    ("缺席人员及原因",),
    ("学习要点",),
    (MINUTES,),
)
# A make-up session's (补课) form says whom it makes up for, below the absentees.
MAKE_UP_FORM_ROWS = (*FORM_ROWS[:6], (MADE_UP,), *FORM_ROWS[6:])


def record_docx(session: StudySession, *, photos: bool = False) -> bytes:
    """The meeting record of `session` as a .docx file: the blank form filled in, and with
    `photos` the session's photos after it (`photos.add_photos`). Reads the session's unit,
    points, absentees and those it makes up for (`record_sessions` selects and prefetches them
    for many sessions)."""
    made_up = made_up_lines(session)
    form = MAKE_UP_FORM_ROWS if made_up else FORM_ROWS
    document = Document(io.BytesIO(_blank_form(form)))
    now = timezone.now()
    document.core_properties.created = now
    document.core_properties.modified = now
    values = {
        "单位": ([one_line(session.organisation.name)],),
        "会议主题": ([one_line(session.title)],),
        "时间": ([chinese_date(session.held_on)], _line(session.venue)),
        "主持人/主讲人": (_line(session.host), [format_label(session)]),
        "参加人数": ([f"{session.participants}人"], [f"{session.party_members}人"]),
        "缺席人员及原因": (absentee_lines(session),),
        MADE_UP: (made_up,),
        "学习要点": (point_lines(session),),
        MINUTES: (paragraphs(session.summary),),
    }
    for row, labels in zip(document.tables[0].rows, form, strict=True):
        _fill(row, *values[labels[0]], indent=labels[0] == MINUTES)
    if photos:
        add_photos(document, session, write=_body_line)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _body_line(paragraph, text: str) -> None:
    _run(paragraph, one_line(text), BODY_FONT, BODY_SIZE)


def _line(value: str) -> list[str]:
    text = one_line(value)
    return [text] if text else []


def _fill(row, *values: list[str], indent: bool = False) -> None:
    """Write each value's lines in its cell of the row (the second, and the fourth if two)."""
    cells = row.cells
    for cell, lines in zip((cells[1], cells[3]), values, strict=False):
        for number, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            if indent:  # two characters, as paragraphs of Chinese text begin
                paragraph.paragraph_format.first_line_indent = Pt(2 * TABLE_SIZE)
            _run(paragraph, line, BODY_FONT, TABLE_SIZE)


@functools.cache
def _blank_form(form: tuple) -> bytes:
    """The record without a session: title, the table's labels (the rows of `form`), the
    signature lines. Made once per process and form; each record opens it and fills it in."""
    document = _page()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(BODY_SIZE)
    _run(title, TITLE, TITLE_FONT, TITLE_SIZE)
    table = document.add_table(rows=len(form), cols=4)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = width
    for row, labels in zip(table.rows, form, strict=True):
        row.height = Cm(1.1)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        cells = row.cells
        for cell, width in zip(cells, COLUMN_WIDTHS, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _label(cells[0], labels[0])
        if len(labels) == 2:
            _label(cells[2], labels[1])
        else:
            cells[1].merge(cells[3])
    minutes = table.rows[-1]
    minutes.height = MINUTES_HEIGHT
    minutes.cells[1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for number, text in enumerate((SIGNATURE, SIGNED_ON)):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(BODY_SIZE if number == 0 else 0)
        paragraph.paragraph_format.keep_with_next = number == 0  # the two lines on one page
        _run(paragraph, text, BODY_FONT, BODY_SIZE)
    output = io.BytesIO()
    document.save(output)
    return _with_fallback_fonts(output.getvalue())


def _label(cell, text: str | tuple[str, ...]) -> None:
    for number, line in enumerate((text,) if isinstance(text, str) else text):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, line, LABEL_FONT, TABLE_SIZE)


def _run(paragraph, text: str, font: str, size: int):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    _typeface(run.font, run._element.get_or_add_rPr(), font)
    return run


def _typeface(font, properties, name: str) -> None:
    """`name` for Latin letters and for Chinese: python-docx sets only the former (w:ascii,
    w:hAnsi); Word takes Chinese characters' typeface from w:eastAsia, and the hint has it set
    punctuation both scripts share (“”) in the Chinese typeface too."""
    font.name = name
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _page():
    """python-docx's blank document set up for the record: A4, the margins, the body's typeface,
    Chinese as the language, no stray parts."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _typeface(normal.font, normal.element.get_or_add_rPr(), BODY_FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for language in document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        language.set(qn("w:val"), "zh-CN")
        language.set(qn("w:eastAsia"), "zh-CN")
    properties = document.core_properties
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.title = TITLE
    properties.revision = 1
    for owner in (document.part.package, document.part):
        for key, relationship in list(owner.rels.items()):
            if relationship.reltype in _UNUSED_PARTS:
                del owner.rels[key]
    return document


def _with_fallback_fonts(package: bytes) -> bytes:
    """The file with the fallback typefaces declared in its font table (word/fontTable.xml, a
    part python-docx carries but does not edit)."""
    source = zipfile.ZipFile(io.BytesIO(package))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/fontTable.xml":
                data = _declare_fonts(data)
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def _declare_fonts(xml: bytes) -> bytes:
    table = parse_xml(xml)
    for name, fallback in FALLBACK_FONTS.items():
        font = OxmlElement("w:font", {qn("w:name"): name})
        for tag, value in (
            ("w:altName", fallback),
            ("w:charset", "86"),  # GB2312
            ("w:family", "modern"),
            ("w:pitch", "fixed"),
        ):
            font.append(OxmlElement(tag, {qn("w:val"): value}))
        table.append(font)
    return serialize_part_xml(table)
