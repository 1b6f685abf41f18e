from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campaign.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo data set (accounts to sign in with) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even with DEBUG off (not for production)."
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts have a published password: refusing with DEBUG off.")
        self.stdout.write(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
        for account, created in demo_load():
            state = "created" if created else "exists"
            self.stdout.write(f"  {account.username:<10} {account.description} [{state}]")
