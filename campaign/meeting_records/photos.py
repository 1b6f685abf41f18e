"""The session's photos at the end of its meeting record (附：活动照片), each scaled to the width
between the margins (and to a page's height), in the order they were attached.

Only the session's own attachments of the kind photo, stored as JPEG or PNG, are read; at most
`PHOTOS_MOST` of them, each of at most `PHOTO_BYTES_MOST` as stored (the upload's limit), so a
record stays a size Word opens at once. A photo that cannot be read (its file gone, or not an
image python-docx can measure) is left out with a line that says so: the record is still made.
"""

import io

from django.core.files.storage import default_storage
from docx.image.image import Image
from docx.shared import Cm, Pt

from campaign.choices import AttachmentKind
from campaign.models import SessionAttachment, StudySession
from campaign.validators import MAX_ATTACHMENT_BYTES

HEADING = "附：活动照片"
PHOTOS_MOST = 6
PHOTO_BYTES_MOST = MAX_ATTACHMENT_BYTES
IMAGE_TYPES = ("image/jpeg", "image/png")
# The text's width on the record's A4 page (21 cm less margins of 2.8 and 2.6 cm), and a height
# that leaves room for the heading on the page (29.7 cm less 3.7 and 3.5 cm).
PAGE_WIDTH = Cm(15.6)
PAGE_HEIGHT = Cm(20)


def session_photos(session: StudySession) -> list[SessionAttachment]:
    """The photos the record carries: the session's own, the first `PHOTOS_MOST`."""
    photos = SessionAttachment.objects.filter(
        session=session, kind=AttachmentKind.PHOTO, content_type__in=IMAGE_TYPES
    )
    return list(photos.order_by("pk")[:PHOTOS_MOST])


def fitted(image: Image) -> tuple[int, int]:
    """The image's size on the page: its own, or less to fit the width and the height."""
    scale = min(1.0, PAGE_WIDTH / image.width, PAGE_HEIGHT / image.height)
    return int(image.width * scale), int(image.height * scale)


def _read(photo: SessionAttachment) -> Image | None:
    if photo.size > PHOTO_BYTES_MOST:
        return None
    try:
        with default_storage.open(photo.file.name, "rb") as file:
            blob = file.read(PHOTO_BYTES_MOST + 1)
        if len(blob) > PHOTO_BYTES_MOST:
            return None
        image = Image.from_blob(blob)
        if image.width <= 0 or image.height <= 0:
            return None
        return image
    # A file gone from the storage, or bytes python-docx cannot measure (its parsers raise their
    # own errors and struct's, IndexError and ValueError on a truncated header): one photo less,
    # never a record refused.
    except Exception:
        return None


def add_photos(document, session: StudySession, *, write) -> None:
    """Append the session's photos to `document`; `write(paragraph, text)` sets a line of text in
    the record's typeface."""
    photos = session_photos(session)
    if not photos:
        return
    heading = document.add_paragraph()
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.space_after = Pt(12)
    write(heading, HEADING)
    for photo in photos:
        image = _read(photo)
        if image is None:
            write(document.add_paragraph(), f"（照片“{photo.original_name}”无法读取，未附入。）")
            continue
        width, height = fitted(image)
        document.add_picture(io.BytesIO(image.blob), width=width, height=height)
        document.paragraphs[-1].paragraph_format.space_after = Pt(12)
