"""Zip archives uploaded by users (XLSX spreadsheets, DOCX decisions), checked before a library
opens them: judged by their directory first (members, sizes, ratios), then by streaming every
member in chunks, so a small file that unpacks to gigabytes, holds thousands of members, a
100 MB text run or a bad checksum is refused within a second and in bounded memory.

The checks are the base app's, below every reader; each reader words the refusal for its own
kind of file (`DamagedArchive`, `HostileArchive`)."""

import io
import zipfile
import zlib

# What a real spreadsheet or decision stays well inside; a zip bomb does not.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members together, uncompressed
MAX_MEMBERS = 2000  # a decision has about 20, a workbook of many sheets a few hundred
MAX_RATIO = 100  # uncompressed ÷ compressed, for a member over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_SHARED_STRINGS = 1_000_000  # 50,000 rows of 20 text cells
MAX_TEXT_BYTES = 256 * 1024  # the longest run of text between two tags (a cell, a paragraph)


class DamagedArchive(Exception):
    """Not a zip archive, or one whose members cannot be read back (bad CRC, truncated)."""


class HostileArchive(Exception):
    """An archive built to take a worker's time and memory: a zip bomb and its kin."""


def check_archive(content: bytes) -> None:
    """Raise DamagedArchive or HostileArchive unless `content` is a zip archive safe to open."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DamagedArchive from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise HostileArchive
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise HostileArchive
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise HostileArchive
        for member in members:
            _check_member(archive, member)


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Read a member to its end (zipfile checks its CRC there); in XML, count shared strings and
    measure text runs chunk by chunk."""
    xml = member.filename.endswith((".xml", ".rels"))
    strings = 0
    run = 0  # bytes of text since the last "<", carried across chunks
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1024 * 1024):
                if not xml:
                    continue
                strings += chunk.count(b"<si>") + chunk.count(b"<si ")
                first = chunk.find(b"<")
                if first == -1:
                    run += len(chunk)
                else:
                    longest = max((len(piece) for piece in chunk[first:].split(b"<")), default=0)
                    if run + first > MAX_TEXT_BYTES or longest > MAX_TEXT_BYTES:
                        raise HostileArchive
                    run = len(chunk) - chunk.rfind(b"<") - 1
                if run > MAX_TEXT_BYTES or strings > MAX_SHARED_STRINGS:
                    raise HostileArchive
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as error:
        raise DamagedArchive from error
