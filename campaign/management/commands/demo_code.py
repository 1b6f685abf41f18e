"""`manage.py demo_code`: the demo administrators' second-factor code of the moment."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor.demo import DEMO_TOTP_SECRET, totp_code


class Command(BaseCommand):
    help = "Print the six-digit code the demo's authenticator shows now (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo's authenticator is for development: refusing with DEBUG off."
            )
        self.stdout.write(totp_code(DEMO_TOTP_SECRET))
