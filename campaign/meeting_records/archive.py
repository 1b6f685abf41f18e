"""Many meeting records as one ZIP, streamed while it is written.

The first bytes leave at once, so no proxy waits a minute for a large ZIP; memory holds one
session's document and one chunk of sessions whatever the number of records: the sessions are
read ROWS_PER_FETCH at a time (a server-side cursor on PostgreSQL) with their units joined, and the
points, the absentees and those made up for of each chunk in a query each; each document is
made, written into the ZIP and sent before the next. The ZIP goes to the client as it grows (entries with data descriptors, which every unzip
tool reads); Chinese names are stored as UTF-8 with the flag that says so.
"""

import io
import zipfile
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.audit.actions import Action
from accounts.audit.trail import current_request
from campaign.meeting_records.names import attachment_disposition, zip_entry_name
from campaign.meeting_records.word import record_docx, record_sessions

# A ZIP of a whole district's year is a job for the database's export, not for one download.
MAX_RECORDS = 2000
# Sessions read at a time, and the points (absentees, make-ups) of that many in one query each.
ROWS_PER_FETCH = 100


class RecordsZipError(Exception):
    """No ZIP is made: nothing to put in it, or too much. The message is for the user."""


def records_zip_response(sessions: QuerySet, filename: str) -> StreamingHttpResponse:
    """A ZIP of the meeting records of `sessions` (a StudySession queryset the caller has already
    scoped to the user, as the admin's changelist and `visible_to` do), downloaded as `filename`.

    Raises RecordsZipError before anything is sent when there is no session or more than
    MAX_RECORDS; its message, in the user's language, says what to do.
    """
    count = sessions.order_by()[: MAX_RECORDS + 1].count()
    if not count:
        raise RecordsZipError(_("No study sessions match these filters."))
    if count > MAX_RECORDS:
        raise RecordsZipError(too_many_message())
    # Whatever the caller prefetched (the admin's list prefetches points its own way) is
    # replaced by the few queries per chunk the records need.
    # Before the file is made (the request's user and query string: the link's or the admin's
    # filters): a ZIP of names the trail cannot record is not sent.
    request = current_request()
    audit.record(
        request,
        Action.DOWNLOAD,
        target="meeting_records.zip",
        rows=count,
        filters={key: value for key, value in request.GET.items() if value} if request else {},
    )
    rows = record_sessions(sessions)
    response = StreamingHttpResponse(
        _zip_stream(rows[:MAX_RECORDS]), content_type="application/zip"
    )
    fallback = f"meeting-records-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = attachment_disposition(filename, fallback)
    return response


def too_many_message() -> str:
    return _(
        "A ZIP holds at most %(limit)d meeting records, and more sessions match. Choose a "
        "shorter period or fewer units, and download each part."
    ) % {"limit": MAX_RECORDS}


class _Pipe(io.RawIOBase):
    """Where zipfile writes: it keeps what was written until the stream takes it. Not seekable,
    so zipfile writes each entry once, front to back."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _zip_stream(rows: QuerySet) -> Iterator[bytes]:
    pipe = _Pipe()
    made = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for session in rows.iterator(chunk_size=ROWS_PER_FETCH):
            entry = zipfile.ZipInfo(zip_entry_name(session), date_time=made)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, record_docx(session))
            yield pipe.take()
    yield pipe.take()  # the central directory
