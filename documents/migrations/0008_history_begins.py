"""The history of the decisions' text begins with the rows as they stand: a first version of
each, so that the first correction after this shows what the text said before it. Frozen: it
carries its own code."""

from django.db import migrations
from django.utils import timezone

MODELS = ("Document", "Paragraph", "LearningPoint", "ProfileFact", "Campaign")


def first_versions(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("documents", name)
        historical = apps.get_model("documents", f"Historical{name}")
        fields = [f.attname for f in model._meta.concrete_fields]
        have = set(historical.objects.values_list("id", flat=True).distinct())
        historical.objects.bulk_create(
            [
                historical(
                    **{field: getattr(row, field) for field in fields},
                    history_date=now,
                    history_type="+",
                )
                for row in model.objects.exclude(pk__in=have).iterator()
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0007_campaigns_managed_in_the_backend")]

    operations = [migrations.RunPython(first_versions, migrations.RunPython.noop)]
