"""`manage.py prune_audit`: remove audit entries older than AUDIT_RETENTION_DAYS (run daily)."""

from django.core.management.base import BaseCommand

from accounts.audit.retention import prune, retention_days


class Command(BaseCommand):
    help = (
        "Remove audit entries older than AUDIT_RETENTION_DAYS (default 180). The only way "
        "entries are removed; recorded in the trail itself. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        removed = prune()
        self.stdout.write(f"Removed {removed} audit entries older than {retention_days()} days.")
