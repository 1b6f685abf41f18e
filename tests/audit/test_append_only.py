"""An entry, once written, stays: the ORM refuses to change or delete it on every database, and
PostgreSQL itself refuses UPDATE, and DELETE of an entry younger than the retention period;
`prune_audit` removes the older ones, and says so in the trail."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts import audit
from accounts.audit.actions import Action
from accounts.audit.models import AppendOnlyError, AuditEvent
from tests.audit.conftest import entries

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database's own guard is PostgreSQL's"
)


def entry(days_old: int = 0) -> AuditEvent:
    return AuditEvent.objects.create(
        action=Action.EXPORT,
        username="zhang",
        details={"rows": 3},
        at=timezone.now() - datetime.timedelta(days=days_old),
    )


def test_a_stored_entry_cannot_be_saved_again():
    stored = entry()
    stored.details = {"rows": 0}
    with pytest.raises(AppendOnlyError):
        stored.save()
    assert AuditEvent.objects.get(pk=stored.pk).details == {"rows": 3}


def test_an_entry_cannot_be_deleted_through_the_orm():
    stored = entry(days_old=400)
    with pytest.raises(AppendOnlyError):
        stored.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=stored.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=stored.pk).exists()


def test_entries_cannot_be_updated_through_the_orm():
    stored = entry()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=stored.pk).update(username="someone-else")
    assert AuditEvent.objects.get(pk=stored.pk).username == "zhang"


def refused(sql: str, params: list) -> str:
    """The database's refusal of `sql`, or "" when it ran."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return str(error)
    return ""


@on_postgresql
def test_postgresql_refuses_an_update_even_of_an_old_entry():
    fresh, old = entry(), entry(days_old=400)
    for stored in (fresh, old):
        refusal = refused("UPDATE audit_auditevent SET username = 'x' WHERE id = %s", [stored.pk])
        assert "cannot be changed" in refusal
    assert set(AuditEvent.objects.values_list("username", flat=True)) == {"zhang"}


@on_postgresql
def test_postgresql_refuses_to_delete_an_entry_younger_than_the_retention_period():
    young = entry(days_old=179)
    refusal = refused("DELETE FROM audit_auditevent WHERE id = %s", [young.pk])
    assert "younger than the retention period (180 days)" in refusal
    assert AuditEvent.objects.filter(pk=young.pk).exists()


@on_postgresql
def test_postgresql_lets_an_entry_older_than_the_retention_period_be_deleted():
    old = entry(days_old=181)
    assert not refused("DELETE FROM audit_auditevent WHERE id = %s", [old.pk])
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


@on_postgresql
def test_a_longer_retention_reaches_the_database_at_the_next_prune(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    kept = entry(days_old=200)
    call_command("prune_audit", stdout=io.StringIO())
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    refusal = refused("DELETE FROM audit_auditevent WHERE id = %s", [kept.pk])
    assert "younger than the retention period (365 days)" in refusal


@on_postgresql
def test_the_database_keeps_at_least_six_months_whatever_it_is_told():
    assert "check constraint" in refused("UPDATE audit_retention SET days = 30 WHERE id = 1", [])


def test_prune_audit_removes_only_entries_older_than_the_retention_period_and_says_so():
    old, young = entry(days_old=181), entry(days_old=179)

    call_command("prune_audit", stdout=io.StringIO())

    assert list(AuditEvent.objects.exclude(action=Action.AUDIT_PRUNE)) == [young]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    (pruned,) = entries(Action.AUDIT_PRUNE)
    assert pruned.user is None
    assert (pruned.details["removed"], pruned.details["retention_days"]) == (1, 180)


def test_the_retention_period_is_a_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    middle_aged = entry(days_old=200)
    call_command("prune_audit", stdout=io.StringIO())
    assert AuditEvent.objects.filter(pk=middle_aged.pk).exists()


def test_record_keeps_the_username_and_bounds_the_user_agent(rf, auditor):
    request = rf.get("/", headers={"User-Agent": "x" * 1000}, REMOTE_ADDR="2001:db8::7")
    request.user = auditor
    written = audit.record(request, Action.AUDIT_EXPORT, rows=2)
    written.refresh_from_db()
    assert (written.user, written.username, written.ip_address) == (
        auditor,
        "auditor",
        "2001:db8::7",
    )
    assert written.user_agent == "x" * 255
