# The activity rows of 0021 filled from the sessions' points: per unit, decision and era, a bit
# for each month with a session on each point (as `campaign.services.rollups._activity`, which
# later code may change: a migration keeps its own copy).

import datetime
from collections import defaultdict

from django.db import migrations
from django.db.models.functions import TruncMonth

CAMPAIGN_START = datetime.date(2019, 4, 3)  # campaign.validators.CAMPAIGN_START
ERA_MONTHS = 60


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    SessionPoint = apps.get_model("campaign", "StudySession").points.through
    UnitActivity = apps.get_model("campaign", "UnitActivity")
    masks = defaultdict(lambda: defaultdict(int))
    for unit, document, number, month in (
        SessionPoint.objects.using(db)
        .order_by()
        .annotate(month=TruncMonth("studysession__held_on"))
        .values_list(
            "studysession__organisation",
            "learningpoint__document",
            "learningpoint__number",
            "month",
        )
        .distinct()
        .iterator(chunk_size=10_000)
    ):
        index = (month.year - CAMPAIGN_START.year) * 12 + month.month - CAMPAIGN_START.month
        if index < 0:
            continue
        era, bit = divmod(index, ERA_MONTHS)
        masks[(unit, document, era)][f"months_{number}"] |= 1 << bit
    UnitActivity.objects.using(db).bulk_create(
        (
            UnitActivity(organisation_id=unit, document_id=document, era=era, **months)
            for (unit, document, era), months in masks.items()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("campaign", "0021_unit_activity_per_decision")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
