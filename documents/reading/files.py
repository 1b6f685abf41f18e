"""An uploaded decision, as the lines of text it holds (blank lines dropped): a Word document's
paragraphs (a paragraph opening with bold text marks it as `**heading**`, as the data files do),
a text file's lines, a PDF's lines of text. Refused before any library parses it: an empty or
oversized file, a type not accepted, a damaged or hostile archive (`documents.archives`), an
encrypted PDF or one with no text layer."""

import io
import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from documents import archives
from documents.loader.text import ORDINALS

ACCEPTED = (".docx", ".txt", ".pdf")
# A decision runs to a few pages; more is not one (and bounds the time spent extracting text).
MAX_PDF_PAGES = 100
# Characters a PDF's font maps wrongly: radicals (⼀ ⼯ ⼈ ⻓ ⻔, U+2F00… and U+2E80…) for the
# ideographs a decision is written in (一 工 人 长 门), as Chromium's print of a Noto CJK text has
# them. Official text never holds radicals; each that is a whole character is mapped to it and
# nothing else is touched (NFKC would also turn full-width punctuation into ASCII).
_RADICALS = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in range(0x2F00, 0x2FD6)  # Kangxi radicals: their compatibility ideographs
} | {
    ord(radical): ideograph
    for radical, ideograph in zip(
        "⺟⺠⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
        "母民西见角贝车长门青韦页风飞食马鱼鸟卤麦黄黾齐齿龙龟",
        strict=True,
    )
}
_SENTENCE_END = tuple("。！？")
# A PDF's page furniture: a page number alone on its line, as "- 2 -" or "— 2 —".
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$")


class UnreadableDecision(ValidationError):
    """A decision file refused as a whole; its message tells the admin what to do."""


def lines_of_upload(upload) -> list[str]:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ACCEPTED:
        raise UnreadableDecision(
            _(
                "Only Word (.docx), text (.txt) and PDF files with a text layer are read. "
                "Save a .doc or .wps file as .docx first."
            ),
            code="type",
        )
    if upload.size == 0:
        raise UnreadableDecision(_("The file is empty."), code="empty")
    most = settings.DECISION_UPLOAD_MAX_BYTES
    if upload.size > most:
        raise UnreadableDecision(
            _("The file is larger than %(size)s; a decision is far smaller.")
            % {"size": filesizeformat(most)},
            code="size",
        )
    content = upload.read()
    return {".docx": _docx_lines, ".txt": _txt_lines, ".pdf": _pdf_lines}[suffix](content)


def lines_of_text(text: str) -> list[str]:
    if "\x00" in text:
        raise UnreadableDecision(_("This is not a text file."), code="binary")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _damaged(kind: str) -> UnreadableDecision:
    return UnreadableDecision(
        _("This %(kind)s file is damaged or is not one; open it and save it again.")
        % {"kind": kind},
        code="damaged",
    )


def _docx_lines(content: bytes) -> list[str]:
    import docx
    from docx.table import Table

    try:
        archives.check_archive(content)
    except archives.DamagedArchive as error:
        raise _damaged("Word (.docx)") from error
    except archives.HostileArchive as error:
        raise UnreadableDecision(
            _(
                "This file unpacks to far more than a decision holds; it is refused. Save "
                "the document again as a plain .docx file."
            ),
            code="hostile",
        ) from error
    try:
        document = docx.Document(io.BytesIO(content))
        paragraphs = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):  # a head laid out in a table: its cells, in order
                cells = {id(c._tc): c for row in block.rows for c in row.cells}.values()
                paragraphs.extend(p for cell in cells for p in cell.paragraphs)
            else:
                paragraphs.append(block)
        lines = []
        for paragraph in paragraphs:
            lines.extend(_paragraph_lines(paragraph))
    except Exception as error:  # python-docx and lxml raise many kinds on a file that is not Word
        raise _damaged("Word (.docx)") from error
    return _checked(lines)


def _paragraph_lines(paragraph) -> list[str]:
    """A Word paragraph's lines (a soft line break starts one); its opening bold runs, when
    they are not the whole paragraph's text, as a **heading**."""
    text = paragraph.text
    bold = ""
    for run in paragraph.runs:
        if not run.bold or not run.text:
            break
        bold += run.text
    heading = bold.strip()
    if heading and "\n" not in heading and text.strip() != heading:
        text = text.replace(heading, f"**{heading}**", 1)
    return lines_of_text(text)


def _txt_lines(content: bytes) -> list[str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableDecision(
            _("This text file is neither UTF-8 nor GB18030; save it as UTF-8 text."),
            code="encoding",
        )
    return _checked(lines_of_text(text))


def _pdf_lines(content: bytes) -> list[str]:
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UnreadableDecision(
                _("This PDF is encrypted; save an unprotected copy or upload the Word file."),
                code="encrypted",
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UnreadableDecision(
                _("This PDF has more than %(pages)d pages; a decision has far fewer.")
                % {"pages": MAX_PDF_PAGES},
                code="pages",
            )
        text = "\n".join(page.extract_text() or "" for page in reader.pages).translate(_RADICALS)
    except UnreadableDecision:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise _damaged("PDF") from error
    lines = [line for line in lines_of_text(text) if not _PAGE_NUMBER.match(line)]
    if not lines:
        raise UnreadableDecision(
            _(
                "This PDF has no text layer (a scan, or pictures of pages). Upload the Word "
                "file, or paste the text."
            ),
            code="scanned",
        )
    return _unwrapped(lines)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


def _unwrapped(lines: list[str]) -> list[str]:
    """A PDF's lines as the paragraphs' pieces: a line as wide as the page's widest goes on in
    the next (it was wrapped there), whatever it ends with; the loader's rules do the rest."""
    full = 0.9 * max(_width(line) for line in lines)
    pieces, carried = [], ""
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        carried += line
        if _width(line) < full or (line.endswith(_SENTENCE_END) and _opens_point(following)):
            pieces.append(carried)
            carried = ""
    return [*pieces, carried] if carried else pieces


def _opens_point(line: str) -> bool:
    """Whether a line opens a point as decisions count them: 一是…, 二是…"""
    return any(line.startswith(f"{ordinal}是") for ordinal in ORDINALS)


def _checked(lines: list[str]) -> list[str]:
    if not lines:
        raise UnreadableDecision(_("The file holds no text."), code="empty")
    return lines
