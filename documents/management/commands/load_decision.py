"""`manage.py load_decision`: the decision, its points and the profile, written idempotently."""

from django.core.management.base import BaseCommand, CommandError

from documents.loader import DecisionFormatError, load_decision


class Command(BaseCommand):
    help = "Load (or update) the decision, its learning points and Li Bin's profile. Idempotent."

    def handle(self, *args, **options):
        try:
            changed = load_decision()
        except DecisionFormatError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{name} {count}" for name, count in changed.items())
        if any(changed.values()):
            self.stdout.write(self.style.SUCCESS(f"Decision loaded; rows written: {summary}."))
        else:
            self.stdout.write("Decision already up to date; nothing written.")
