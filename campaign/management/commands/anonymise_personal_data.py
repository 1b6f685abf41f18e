"""`manage.py anonymise_personal_data`: replace the names that are past their retention period
(settings.PERSONAL_DATA_MONTHS after the end of their session's year) by 缺席者1, 作者1…

Run daily from cron; a second run the same day changes nothing. See
`campaign.services.anonymisation` for what is changed and what stays.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import audit
from accounts.audit.actions import Action
from campaign.services.anonymisation import Anonymised, personal_data_anonymise


class Command(BaseCommand):
    help = (
        "Replace absentees' names, and the names of reflection authors who did not agree to "
        "publication, once PERSONAL_DATA_MONTHS have passed since the end of their year."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="The day to run as (YYYY-MM-DD), for a catch-up or a rehearsal; default today.",
        )

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today must be a date like 2026-12-31, not {today!r}.") from None
        result = personal_data_anonymise(today=day)
        _record(result)
        self.stdout.write(
            f"Sessions held before {result.before:%Y-%m-%d}: "
            f"{result.absentees} absentees' names replaced, "
            f"{result.sessions} sessions' notes on absence removed, "
            f"{result.reflections} reflections' authors anonymised, "
            f"{result.history_rows} history rows rewritten."
        )


def _record(result: Anonymised) -> None:
    """One entry of the audit trail a run (what it changed; no names)."""
    audit.record(
        None,
        Action.ANONYMISE,
        user=None,
        username="anonymise_personal_data",
        target=f"before {result.before:%Y-%m-%d}",
        absentees=result.absentees,
        sessions=result.sessions,
        reflections=result.reflections,
        history_rows=result.history_rows,
    )
