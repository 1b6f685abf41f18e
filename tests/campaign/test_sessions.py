"""A study session's rules, tried on every layer that holds them: the model (`full_clean`), the
service that writes (`session_record`, `session_save`), the database constraint (written past the
model with `update`/`bulk_create`), and the admin's form as its users post it; and what a saved
session derives from its points."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from campaign.models import StudySession
from campaign.reports.report import Report
from campaign.services import session_save
from documents.models import LearningPoint
from tests.campaign.entries import (
    post_session,
    record,
    session_counts,
    session_form,
    tomorrow,
    unsaved_session,
)
from tests.factories import StudySessionFactory
from tests.forms import admin_form, codes, form_codes, shows_error_in_row

# --- The date -------------------------------------------------------------------------------


def test_a_session_dated_tomorrow_fails_validation_on_held_on(tree):
    session = unsaved_session(tree, held_on=tomorrow())

    with pytest.raises(ValidationError) as caught:
        session.full_clean()

    assert set(caught.value.error_dict) == {"held_on"}
    assert codes(caught.value, "held_on") == ["future_date"]


def test_a_session_dated_today_passes_validation(tree):
    unsaved_session(tree, held_on=timezone.localdate()).full_clean()


def test_session_record_refuses_a_date_tomorrow_and_writes_nothing(tree, point):
    before = session_counts()

    with pytest.raises(ValidationError) as caught:
        record(tree, point, held_on=tomorrow())

    assert codes(caught.value, "held_on") == ["future_date"]
    assert session_counts() == before


def test_session_record_saves_a_session_held_today(tree, point):
    session = record(tree, point, held_on=timezone.localdate())

    session.refresh_from_db()
    assert session.held_on == timezone.localdate()
    assert list(session.points.all()) == [point]
    assert session.recorded_by == tree.organiser


def test_admin_refuses_a_session_dated_tomorrow_on_held_on(client_as, tree, point):
    client = client_as("organiser")
    before = session_counts()

    response = post_session(client, session_form(tree.unit, held_on=tomorrow().isoformat()))

    form = admin_form(response)
    assert set(form.errors) == {"held_on"}
    assert form_codes(form, "held_on") == ["future_date"]
    assert str(form.errors["held_on"][0])
    assert shows_error_in_row(response, "held_on")
    assert not shows_error_in_row(response, "title")
    assert session_counts() == before


def test_admin_saves_a_session_dated_today(client_as, tree, point):
    client = client_as("organiser")
    response = post_session(
        client, session_form(tree.unit, held_on=timezone.localdate().isoformat())
    )

    assert response.status_code == 302
    session = StudySession.objects.get()
    assert session.held_on == timezone.localdate()
    assert session.recorded_by == tree.organiser


# --- Participants and party members -----------------------------------------------------------


def test_more_party_members_than_participants_fails_validation_on_party_members(tree):
    session = unsaved_session(tree, participants=20, party_members=21)

    with pytest.raises(ValidationError) as caught:
        session.full_clean()

    assert set(caught.value.error_dict) == {"party_members"}
    assert caught.value.message_dict["party_members"][0]


def test_as_many_party_members_as_participants_passes_validation(tree):
    unsaved_session(tree, participants=20, party_members=20).full_clean()


def test_zero_participants_fails_validation_on_participants(tree):
    session = unsaved_session(tree, participants=0, party_members=0)

    with pytest.raises(ValidationError) as caught:
        session.full_clean()

    assert set(caught.value.error_dict) == {"participants"}
    assert codes(caught.value, "participants") == ["min_value"]


@pytest.mark.parametrize(
    ("numbers", "field"),
    [
        ({"participants": 20, "party_members": 21}, "party_members"),
        ({"participants": 0, "party_members": 0}, "participants"),
    ],
)
def test_session_record_refuses_bad_participation_numbers_and_writes_nothing(
    tree, point, numbers, field
):
    before = session_counts()

    with pytest.raises(ValidationError) as caught:
        record(tree, point, **numbers)

    assert set(caught.value.error_dict) == {field}
    assert caught.value.message_dict[field][0]
    assert session_counts() == before


def test_database_refuses_more_party_members_than_participants(tree):
    session = StudySessionFactory(organisation=tree.unit, participants=20, party_members=10)
    rows = StudySession.objects.filter(pk=session.pk)

    rows.update(party_members=F("participants"))  # equal is allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(party_members=F("participants") + 1)

    session.refresh_from_db()
    assert (session.participants, session.party_members) == (20, 20)


def test_database_refuses_zero_participants(tree):
    session = StudySessionFactory(organisation=tree.unit, participants=20, party_members=0)
    rows = StudySession.objects.filter(pk=session.pk)

    rows.update(participants=1)  # one is allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(participants=0)

    session.refresh_from_db()
    assert session.participants == 1


@pytest.mark.parametrize(
    "numbers",
    [{"participants": 5, "party_members": 6}, {"participants": 0, "party_members": 0}],
    ids=["party-members-over-participants", "zero-participants"],
)
def test_database_refuses_bulk_created_sessions_with_bad_numbers(tree, numbers):
    with pytest.raises(IntegrityError), transaction.atomic():
        StudySession.objects.bulk_create([unsaved_session(tree, **numbers)])

    assert not StudySession.objects.exists()


def test_admin_refuses_more_party_members_than_participants_on_party_members(
    client_as, tree, point
):
    client = client_as("organiser")
    before = session_counts()

    response = post_session(client, session_form(tree.unit, participants="20", party_members="21"))

    form = admin_form(response)
    assert set(form.errors) == {"party_members"}
    assert str(form.errors["party_members"][0])
    assert shows_error_in_row(response, "party_members")
    assert session_counts() == before


def test_admin_refuses_zero_participants_on_participants(client_as, tree, point):
    client = client_as("organiser")
    before = session_counts()

    response = post_session(client, session_form(tree.unit, participants="0", party_members="0"))

    form = admin_form(response)
    assert set(form.errors) == {"participants"}
    assert form_codes(form, "participants") == ["min_value"]
    assert shows_error_in_row(response, "participants")
    assert session_counts() == before


# --- Learning points and what they derive -----------------------------------------------------


def test_session_record_refuses_a_session_without_a_learning_point(tree, point):
    before = session_counts()

    with pytest.raises(ValidationError) as caught:
        record(tree, point, points=[])

    assert set(caught.value.error_dict) == {"points"}
    assert caught.value.message_dict["points"][0]
    assert session_counts() == before


def test_admin_refuses_a_session_without_a_learning_point_on_points(client_as, tree, point):
    client = client_as("organiser")
    before = session_counts()

    response = post_session(client, session_form(tree.unit, points=()))

    form = admin_form(response)
    assert set(form.errors) == {"points"}
    assert form_codes(form, "points") == ["required"]
    assert str(form.errors["points"][0])
    assert shows_error_in_row(response, "points")
    assert session_counts() == before


def counted(tree) -> list[int]:
    """Sessions per learning point (1–4) as the city's report counts them (its roll-ups)."""
    report = Report(user=tree.campaign_admin)
    return [row["sessions"] for row in report.by_point()]


def test_the_reports_count_the_points_a_session_is_saved_with(tree):
    points = {p.number: p for p in LearningPoint.objects.all()}
    session = StudySessionFactory(organisation=tree.unit, points=[points[1], points[3]])

    assert counted(tree) == [1, 0, 1, 0]
    session_save(session, points=[points[3], points[4]], by=tree.organiser)
    assert counted(tree) == [0, 0, 1, 1]
    session_save(session, points=[points[2]], by=tree.organiser)
    assert counted(tree) == [0, 1, 0, 0]


def test_the_reports_count_the_points_of_an_edit_in_the_admin(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit, title="专题学习")
    client = client_as("organiser")

    response = post_session(client, session_form(tree.unit, points=(2, 4)), session)

    assert response.status_code == 302
    assert counted(tree) == [0, 1, 0, 1]
