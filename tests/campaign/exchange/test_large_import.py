"""A file of thousands of sessions through the admin's own import, preview and confirmation: every
row saved with its points, flags, history and roll-ups, in a number of queries that does not grow
with the rows, and a preview a browser can show."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaign.models import DailyFigures, StudySession
from campaign.reports.report import Report
from tests.campaign.exchange.spreadsheets import (
    confirm,
    csv_file,
    export,
    import_file,
    session_header,
    session_row,
    upload,
)
from tests.factories import OrganisationFactory


def sessions_file(units, rows: int) -> bytes:
    today = timezone.localdate()
    return csv_file(
        [
            session_header(),
            *(
                session_row(
                    units[n % len(units)].code,
                    held_on=(today - datetime.timedelta(days=1 + n % 200)).isoformat(),
                    title=f"成批导入（{n}）",
                    points="政治品格、敬业精神" if n % 2 else "担当情怀",
                )
                for n in range(rows)
            ),
        ]
    )


def queries_to_import(client, content) -> tuple[dict[str, int], object]:
    """The queries of a preview and its confirmation, by kind: reads must not grow with the rows;
    inserts grow only by batch (SQLite takes 999 values a statement, so Django splits them)."""
    with CaptureQueriesContext(connection) as queries:
        preview = upload(client, "studysession", content)
        done = confirm(client, "studysession", preview)
    assert done.status_code == 302, preview.content.decode()[:2000]
    kinds = {"INSERT": 0, "other": 0}
    for query in queries:
        kinds["INSERT" if query["sql"].startswith("INSERT") else "other"] += 1
    return kinds, preview


def test_thousands_of_rows_are_saved_whole_in_queries_that_do_not_grow(client_as, tree):
    units = [tree.unit, tree.team, tree.sibling] + [
        OrganisationFactory(parent=tree.huangpu_body) for _ in range(20)
    ]
    client = client_as("district_admin")

    few, _ = queries_to_import(client, sessions_file(units, 100))
    many, preview = queries_to_import(client, sessions_file(units, 3000))

    assert StudySession.objects.count() == 3100
    assert many["other"] <= few["other"] + 10  # no query per row
    assert many["INSERT"] <= 3000 / 5  # by the batch: one per row would be 6,000 (two steps)
    session = StudySession.objects.get(title="成批导入（2999）")
    assert sorted(session.points.values_list("number", flat=True)) == [1, 3]
    assert session.recorded_by == tree.district_admin
    assert StudySession.history.filter(id=session.pk).count() == 1
    # The preview is counts and the first rows, not a table of three thousand.
    assert preview.context["result"].totals["new"] == 3000
    assert len(preview.content) < 100_000
    # The roll-ups include every row: the dashboard's figures equal a live count.
    report = Report(user=tree.district_admin)
    assert report.headline == Report(user=tree.district_admin, live=True).headline
    assert report.headline["sessions"] == 3100
    assert DailyFigures.objects.exists()


def test_a_large_export_imported_again_changes_nothing(client_as, tree):
    units = [tree.unit, tree.team, tree.sibling]
    client = client_as("district_admin")
    import_file(client, "studysession", sessions_file(units, 1500))
    history = StudySession.history.count()
    _, content = export(client, "studysession", "csv")

    preview, _done = import_file(client, "studysession", content)

    assert preview.context["result"].totals["skip"] == 1500
    assert StudySession.history.count() == history
