"""`manage.py anonymise_personal_data`: replace the names that are past their retention period
(settings.PERSONAL_DATA_MONTHS after the end of their session's year) by 缺席者1, 作者1…

Run daily from cron; a second run the same day changes nothing. See
`campaign.services.anonymisation` for what is changed and what stays.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from campaign.services.anonymisation import Anonymised, personal_data_anonymise


def record_anonymisation(result: Anonymised) -> None:
    """The audit entry of one run (what it changed; no names). The integrator connects it to
    `audit.record`; until then the command's output is the only record."""


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
        record_anonymisation(result)
        self.stdout.write(
            f"Sessions held before {result.before:%Y-%m-%d}: "
            f"{result.absentees} absentees' names replaced, "
            f"{result.sessions} sessions' notes on absence removed, "
            f"{result.reflections} reflections' authors anonymised, "
            f"{result.history_rows} history rows rewritten."
        )
