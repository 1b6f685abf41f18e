"""Files a user might attach or upload: real ones of each accepted type, and refused ones."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from campaign.validators import MAX_ATTACHMENT_BYTES

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return PNG_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png_bytes()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = "签到表：张三、李四、王五\n".encode()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def too_large_png() -> SimpleUploadedFile:
    content = PNG_MAGIC + b"\x00" * (MAX_ATTACHMENT_BYTES + 1 - len(PNG_MAGIC))
    assert len(content) == 10 * 1024 * 1024 + 1
    return upload("big.png", content)


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
