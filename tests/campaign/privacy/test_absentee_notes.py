"""An absentee's note (说明) leaves the portal only when the exporter asks for it."""

import pytest
from django.urls import reverse

from accounts.audit.actions import Action
from accounts.audit.models import AuditEvent
from campaign.choices import AbsenceReason
from tests.campaign.exchange.spreadsheets import csv_file, export, import_file, page
from tests.factories import StudySessionFactory

ABSENTEES = [("张三", AbsenceReason.SICK, "住院手术"), ("王五", AbsenceReason.OTHER, "借调")]


@pytest.fixture
def session(tree):
    return StudySessionFactory(
        organisation=tree.unit,
        title="带说明的活动",
        absentees=ABSENTEES,
        recorded_by=tree.organiser,
    )


@pytest.fixture
def recorded(db):
    """The audit trail's export entries: (who, rows, whether the notes went with them)."""

    def entries():
        return [
            (e.username, e.details["rows"], e.details["absentee_notes"])
            for e in AuditEvent.objects.filter(action=Action.EXPORT)
        ]

    return entries


def test_the_export_form_offers_the_notes_unticked(client_as, session):
    response = client_as("organiser").get(reverse("admin:campaign_studysession_export"))

    box = response.context["form"]["absentee_notes"]
    assert box.initial is False
    assert 'name="absentee_notes"' in page(response) and "checked" not in str(box)


def test_an_export_leaves_the_notes_out_by_default(client_as, session, recorded):
    rows, content = export(client_as("organiser"), "studysession")

    (row,) = [row for row in rows if row["标题"] == "带说明的活动"]
    assert row["缺席人员及原因"] == "张三（病假）；王五（其他）"
    assert "住院手术".encode() not in content
    assert recorded() == [("organiser", len(rows), False)]


def test_an_export_carries_the_notes_when_asked_and_says_so(client_as, session, recorded):
    rows, _ = export(client_as("organiser"), "studysession", extra={"absentee_notes": "on"})

    (row,) = [row for row in rows if row["标题"] == "带说明的活动"]
    assert row["缺席人员及原因"] == "张三（病假：住院手术）；王五（其他：借调）"
    assert recorded() == [("organiser", len(rows), True)]


def test_a_file_exported_without_notes_imports_back_keeping_them(client_as, session):
    client = client_as("district_admin")
    rows, _ = export(client, "studysession")
    header = list(rows[0])
    (row,) = [row for row in rows if row["标题"] == "带说明的活动"]
    row["参加人数"] = "25"  # a change, so the row is written

    import_file(client, "studysession", csv_file([header, list(row.values())]))

    session.refresh_from_db()
    assert session.participants == 25
    assert sorted(session.absentees.values_list("name", "reason", "note")) == sorted(ABSENTEES)
