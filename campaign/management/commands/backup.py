"""`manage.py backup DIR`: the database and the uploaded files, into a new folder under DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's online backup) and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="folder in which to make the backup")

    def handle(self, *args, destination, **options):
        try:
            folder = backups.backup(destination)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup made: {folder}")
