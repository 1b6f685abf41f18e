"""Email each district admin and unit organiser the gaps of their own units; safe to run daily.

    manage.py send_reminders            # from cron, e.g. 8:30 every morning
    manage.py send_reminders --dry-run  # who would get what, without sending or logging

Nobody gets more than one reminder in seven days; inactive accounts and units get none. Mail goes
through Django's mail settings (EMAIL_HOST; printed to the console in development), and links
point at PORTAL_URL.
"""

from django.core.management.base import BaseCommand

from campaign.reports.reminders import QUIET_DAYS, send_due


class Command(BaseCommand):
    help = (
        "Email district admins and unit organisers the gaps of their units (once a week at most)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        reminders = send_due(dry_run=dry_run)
        for reminder in reminders:
            self.stdout.write(f"{reminder.recipient}: {reminder.subject} ({reminder.units} units)")
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {len(reminders)} reminders (at most one a person in {QUIET_DAYS} days)."
        )
