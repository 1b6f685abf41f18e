"""How long entries are kept, and their removal after that (`manage.py prune_audit`).

The period is `settings.AUDIT_RETENTION_DAYS` (at least 180 days: the Cybersecurity Law, art. 21,
asks for six months). On PostgreSQL the database keeps its own copy in the one-row table
`audit_retention`, which the trigger of migration 0002 reads before it lets a DELETE through;
`prune` writes the setting there first, so a changed setting takes effect at the next run (the
table's CHECK refuses less than 180 days, whoever writes it).
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.audit.actions import Action
from accounts.audit.models import AuditEvent
from accounts.audit.trail import record

MINIMUM_DAYS = 180


def retention_days() -> int:
    return settings.AUDIT_RETENTION_DAYS


def cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Entries before this moment may be removed."""
    return (now or timezone.now()) - datetime.timedelta(days=retention_days())


@transaction.atomic
def prune() -> int:
    """Remove the entries older than the retention period; the removal is itself an entry.
    Returns how many were removed."""
    days = retention_days()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_retention SET days = %s WHERE id = 1", [days])
    before = cutoff()
    removed = AuditEvent.objects.filter(at__lt=before)._prune()
    record(None, Action.AUDIT_PRUNE, user=None, removed=removed, before=before, retention_days=days)
    return removed
