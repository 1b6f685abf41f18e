"""`manage.py load_organisations`: the bodies the decision names, created if missing."""

from django.core.management.base import BaseCommand

from campaign.loaders.organisations import load_organisations


class Command(BaseCommand):
    help = "Create the issuing bodies and the four bodies of each district that are missing."

    def handle(self, *args, **options):
        created = load_organisations()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Organisations created: {created}."))
        else:
            self.stdout.write("Organisations already loaded; nothing created.")
