"""The names of the records' files: in Chinese, safe on every system, with a plain ASCII name for
old clients in the Content-Disposition header."""

import datetime
import re
from urllib.parse import quote

from campaign.meeting_records.word import TITLE
from campaign.models import StudySession

# What Windows refuses in a file name, path separators and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\x85\u2028\u2029]+')
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_part(text: str, limit: int) -> str:
    """`text` as part of a file name: what a file system refuses replaced, at most `limit`
    characters, never empty."""
    part = _UNSAFE.sub("_", " ".join(str(text).split()))[:limit].strip(" ._")
    return part or "_"


def record_filename(session: StudySession) -> str:
    """学习会议记录-黄浦单位一-2026-11-24.docx"""
    return f"{TITLE}-{safe_part(session.organisation.name, 60)}-{session.held_on:%Y-%m-%d}.docx"


def record_fallback(session: StudySession) -> str:
    return f"meeting-record-{session.held_on:%Y-%m-%d}-{session.pk}.docx"


def zip_entry_name(session: StudySession) -> str:
    """2026-11-24-黄浦单位一-学习李斌同志先进事迹-17.docx: sorted by date in a file manager,
    and unique in the ZIP by the session's number."""
    unit = safe_part(session.organisation.name, 40)
    return f"{session.held_on:%Y-%m-%d}-{unit}-{safe_part(session.title, 40)}-{session.pk}.docx"


def zip_filename(day: datetime.date) -> str:
    """学习会议记录-20261125.zip, by the day it is made."""
    return f"{TITLE}-{day:%Y%m%d}.zip"


def attachment_disposition(filename: str, fallback: str) -> str:
    """As the 汇总表's: the ASCII `fallback` for old clients, and the Chinese name (RFC 6266)
    for every current browser."""
    plain = _NOT_ASCII_NAME.sub("_", fallback)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"
