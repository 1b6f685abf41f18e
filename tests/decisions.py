"""Decisions as campaign admins receive them, built by the tests: Word files (python-docx) whose
opening bold runs make headings, and the Li Bin decision's seed text as such a file."""

import io
import zipfile
from pathlib import Path

import docx
import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile

SEED = Path("/work/shared/seeds/li-bin-decision.txt")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes(paragraphs: list[str | tuple[str, str]]) -> bytes:
    """A Word file of `paragraphs`: a string is a plain paragraph, (bold, rest) one that opens
    with a bold run."""
    document = docx.Document()
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            bold, rest = paragraph
            written = document.add_paragraph()
            written.add_run(bold).bold = True
            written.add_run(rest)
        else:
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = DOCX_TYPE) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def seed_paragraphs(text: str) -> list[str | tuple[str, str]]:
    """The data-file format's lines as a Word file has them: its markup (`---`, `## `, `**`)
    turned into layout, each line a paragraph, page-break pieces still apart."""
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line == "---":
            continue
        if line.startswith("**"):
            bold, rest = line[2:].split("**", 1)
            paragraphs.append((bold, rest))
        else:
            paragraphs.append(line.removeprefix("## "))
    return paragraphs


def li_bin_docx() -> bytes:
    return docx_bytes(seed_paragraphs(SEED.read_text(encoding="utf-8")))


def blank_pdf(*, password: str = "") -> bytes:
    """A PDF of one page with no text on it, as a scan without text recognition is."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of `members`, as a hostile or damaged .docx is built."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
