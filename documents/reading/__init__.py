"""Reading a decision from the file it was issued as (.docx, .txt, a PDF with a text layer) or
from pasted text, into the `ParsedDecision` a campaign admin checks before a draft is written:
`files` turns the file into lines, `head` finds the issuing bodies, number, title, date and
distribution line among them and splits the body with the loader's rules. A file that cannot be
read is refused as a whole (`UnreadableDecision`, its message in the user's language)."""

from documents.loader.text import ParsedDecision
from documents.reading.files import UnreadableDecision, lines_of_text, lines_of_upload
from documents.reading.head import read_lines

__all__ = ["ParsedDecision", "UnreadableDecision", "read_decision"]


def read_decision(*, upload=None, text: str = "") -> ParsedDecision:
    """The decision in `upload` (an UploadedFile) or, without one, in `text`. Fields the reader
    cannot find are left empty; raises UnreadableDecision for a file it refuses."""
    lines = lines_of_upload(upload) if upload is not None else lines_of_text(text)
    return read_lines(lines)
