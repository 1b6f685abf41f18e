"""`manage.py restore FOLDER`: a backup made by `manage.py backup`, into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign import backups


class Command(BaseCommand):
    help = "Restore a backup (database and uploaded files) made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the backup's folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a database that already holds data (it is overwritten)",
        )

    def handle(self, *args, folder, replace, **options):
        try:
            manifest = backups.restore(folder, replace=replace)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['made']}: {rows:,} rows, {manifest['files']} files."
        )
