"""Reading a meeting record back as a user sees it in Word."""

import io
import zipfile

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def fields(document) -> dict[str, list[str]]:
    """The record's table as {label: its value's paragraphs}; a merged cell counted once."""
    found = {}
    for row in document.tables[0].rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        for label, value in zip(cells[::2], cells[1::2], strict=True):
            found[label.text] = [p.text for p in value.paragraphs if p.text]
    return found


def east_asian_font(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def fallback_fonts(content: bytes) -> dict[str, str]:
    """{typeface: the one shown where it is missing}, from the file's font table."""
    table = parse_xml(zipfile.ZipFile(io.BytesIO(content)).read("word/fontTable.xml"))
    return {
        font.get(qn("w:name")): alternative.get(qn("w:val"))
        for font in table.iterchildren(qn("w:font"))
        for alternative in font.iterchildren(qn("w:altName"))
    }
