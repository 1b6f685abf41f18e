"""`manage.py load_demo`: the demo data set and accounts, for development only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor.demo import DEMO_TOTP_SECRET, totp_code
from campaign.loaders.demo import DEMO_PASSWORD, demo_load
from documents.loader import DecisionFormatError


class Command(BaseCommand):
    help = (
        "Load the demo data set (a sample campaign, units, sessions, reflections, accounts) and "
        "print the accounts. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even with DEBUG off (not for production)."
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts have a published password: refusing with DEBUG off.")
        try:
            made, accounts, sample = demo_load()
        except (RuntimeError, DecisionFormatError) as error:
            raise CommandError(str(error)) from error
        slug = sample.campaign.slug
        if any(sample.written.values()):
            summary = ", ".join(f"{name} {count}" for name, count in sample.written.items())
            self.stdout.write(f"Sample campaign {slug} loaded; rows written: {summary}.")
        else:
            self.stdout.write(f"Sample campaign {slug} already up to date; nothing written.")
        self.stdout.write(f"Demo units created: {made}.")
        self.stdout.write(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
        for account, created in accounts:
            state = "created" if created else "exists"
            self.stdout.write(f"  {account.username:<10} {account.description} [{state}]")
        self.stdout.write(
            f"The administrators (admin, huangpu) also enter a six-digit code after the password: "
            f"add the setup key {DEMO_TOTP_SECRET} to an authenticator app (time-based), or use "
            f"the code of the moment, {totp_code(DEMO_TOTP_SECRET)} (a new one every 30 seconds: "
            f"`manage.py demo_code` prints it)."
        )
