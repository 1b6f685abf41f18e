"""The meeting record carries the session's photos (issue 21): after the form, each scaled to
the page's width; only the session's own photos, a bounded number; a photo that cannot be read
is left out with a line that says so, and the record is still made."""

import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from docx.shared import Cm

from campaign.choices import AttachmentKind
from campaign.meeting_records.photos import HEADING, PAGE_WIDTH, PHOTOS_MOST
from campaign.models import SessionAttachment
from tests.campaign.meeting_records.reading import open_docx
from tests.factories import StudySessionFactory
from tests.samples import JPEG, PDF, PNG, PNG_MAGIC, upload


def png(width: int, height: int) -> bytes:
    """A real grey PNG of that many pixels (a phone's photo is 4032 × 3024)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + b"\x80" * width) * height, 9)
    return PNG_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def attach(session, name: str, content: bytes, kind=AttachmentKind.PHOTO) -> SessionAttachment:
    attachment = SessionAttachment(session=session, kind=kind, file=upload(name, content))
    attachment.save()
    return attachment


def downloaded(client, session):
    response = client.get(reverse("campaign:session-record", args=[session.pk]))
    assert response.status_code == 200
    return open_docx(response.content)


def pictures(document) -> list:
    return list(document.inline_shapes)


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


@pytest.fixture
def session(tree):
    return StudySessionFactory(organisation=tree.unit, title="学习李斌同志先进事迹专题会")


def test_the_record_carries_the_sessions_photos_scaled_to_the_page(client_as, tree, session):
    attach(session, "会场.png", png(2000, 1500))
    attach(session, "合影.png", PNG)  # 1 × 1 pixel: never blown up
    attach(session, "签到表.pdf", PDF, kind=AttachmentKind.SIGN_IN_SHEET)

    document = downloaded(client_as("organiser"), session)

    assert HEADING in texts(document)
    wide, tiny = pictures(document)
    assert abs(wide.width - PAGE_WIDTH) < Cm(0.01)
    assert abs(wide.height / wide.width - 0.75) < 0.001  # in proportion
    assert tiny.width < Cm(1)


def test_a_tall_photo_fits_the_pages_height(client_as, tree, session):
    attach(session, "长图.png", png(600, 3000))
    (tall,) = pictures(downloaded(client_as("organiser"), session))
    assert tall.height <= Cm(20) + 1
    assert tall.width < PAGE_WIDTH


def test_a_session_without_photos_has_no_photo_page(client_as, tree, session):
    attach(session, "签到表.png", PNG, kind=AttachmentKind.SIGN_IN_SHEET)
    document = downloaded(client_as("organiser"), session)
    assert HEADING not in texts(document)
    assert not pictures(document)


def test_only_the_sessions_own_photos_and_at_most_so_many(client_as, tree, session):
    other = StudySessionFactory(organisation=tree.unit, title="另一次学习")
    attach(other, "别的活动.png", png(40, 30))
    for n in range(PHOTOS_MOST + 2):
        attach(session, f"照片{n}.png", png(40 + n, 30))

    shown = pictures(downloaded(client_as("organiser"), session))
    assert len(shown) == PHOTOS_MOST


@pytest.mark.parametrize(
    "damage",
    ["a JPEG whose header stops short", "a PNG cut off", "a file gone from the storage"],
)
def test_a_damaged_photo_is_left_out_with_a_note_and_the_record_is_made(
    client_as, tree, session, damage
):
    attach(session, "好的.png", png(80, 60))
    if damage == "a JPEG whose header stops short":
        attach(session, "坏的.jpg", JPEG)
    elif damage == "a PNG cut off":
        attach(session, "坏的.png", PNG_MAGIC + b"\x00\x00\x00\x0dIHD")
    else:
        gone = attach(session, "坏的.png", png(80, 60))
        default_storage.delete(gone.file.name)

    document = downloaded(client_as("organiser"), session)

    assert len(pictures(document)) == 1
    assert "（照片“坏的.jpg”无法读取，未附入。）" in texts(document) or (
        "（照片“坏的.png”无法读取，未附入。）" in texts(document)
    )


def test_another_units_session_record_is_not_found(client_as, tree):
    other = StudySessionFactory(organisation=tree.other, title="徐汇的学习")
    attach(other, "徐汇.png", png(40, 30))
    response = client_as("organiser").get(reverse("campaign:session-record", args=[other.pk]))
    assert response.status_code == 404
