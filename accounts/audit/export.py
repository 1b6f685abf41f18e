"""The trail as CSV, for the audit admin: the entries the list shows (its filters), streamed."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

from accounts.audit.actions import Action
from accounts.audit.models import AuditEvent

HEADERS = ["时间", "用户", "操作", "对象", "详情", "IP地址", "浏览器"]
# A cell that starts with one of these is run as a formula by a spreadsheet (OWASP's list);
# usernames come from whoever types at the sign-in page.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def lines(entries: Iterable[AuditEvent], labels: dict[str, str]) -> Iterator[list[str]]:
    for entry in entries:
        yield [
            guarded(cell)
            for cell in (
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.username,
                str(labels.get(entry.action, entry.action)),
                entry.target,
                json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
                entry.ip_address or "",
                entry.user_agent,
            )
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(entries, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # In the language of the request: the rows are written after the view has returned.
    labels = {value: str(label) for value, label in Action.choices}

    def chunks() -> Iterator[str]:
        yield "\ufeff"  # Excel reads the file as UTF-8
        yield writer.writerow(HEADERS)
        for line in lines(entries.iterator(chunk_size=2000), labels):
            yield writer.writerow(line)

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
