"""`manage.py rebuild_rollups`: compute the reports' roll-ups again from the raw rows.

Never needed in normal running (every write keeps them); for a database written past the
portal (a restore of raw tables, SQL by hand), and by the benchmark's loader.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from campaign.services import rollups


class Command(BaseCommand):
    help = "Compute the reports' roll-ups again from the sessions and reflections."

    def handle(self, *args, **options):
        with transaction.atomic():
            rollups.rebuild()
        self.stdout.write("Roll-ups rebuilt.")
