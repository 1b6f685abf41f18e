# The activity rows of 0021 filled from the sessions' points: per unit, decision and era, a bit
# for each month with a session on each point, and the last day with one (as
# `campaign.services.rollups._activity`, which later code may change: a migration keeps its own
# copy).

import datetime

from django.db import migrations
from django.db.models import Max
from django.db.models.functions import TruncMonth

CAMPAIGN_START = datetime.date(2019, 4, 3)  # campaign.validators.CAMPAIGN_START
ERA_MONTHS = 60


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    SessionPoint = apps.get_model("campaign", "StudySession").points.through
    UnitActivity = apps.get_model("campaign", "UnitActivity")
    rows = {}
    for unit, document, number, month, last in (
        SessionPoint.objects.using(db)
        .order_by()
        .annotate(month=TruncMonth("studysession__held_on"))
        .values_list(
            "studysession__organisation", "learningpoint__document", "learningpoint__number", "month"
        )
        .annotate(last=Max("studysession__held_on"))
        .iterator(chunk_size=10_000)
    ):
        index = (month.year - CAMPAIGN_START.year) * 12 + month.month - CAMPAIGN_START.month
        if index < 0:
            continue
        era, bit = divmod(index, ERA_MONTHS)
        row = rows.get((unit, document, era))
        if row is None:
            row = rows[(unit, document, era)] = UnitActivity(
                organisation_id=unit, document_id=document, era=era, last_held_on=last
            )
        field = f"months_{number}"
        setattr(row, field, getattr(row, field) | 1 << bit)
        row.last_held_on = max(row.last_held_on, last)
    UnitActivity.objects.using(db).bulk_create(rows.values(), batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("campaign", "0021_unit_activity_per_decision")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
