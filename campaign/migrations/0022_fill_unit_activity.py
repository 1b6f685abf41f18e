# The activity rows of 0021 filled from the sessions' points: per unit, decision and era, a bit
# for each month with a session on each point, and the last day with one (as
# `campaign.services.rollups._activity`, which later code may change: a migration keeps its own
# copy).

import datetime

from django.db import migrations

CAMPAIGN_START = datetime.date(2019, 4, 3)  # campaign.validators.CAMPAIGN_START
ERA_MONTHS = 60


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    SessionPoint = apps.get_model("campaign", "StudySession").points.through
    LearningPoint = apps.get_model("documents", "LearningPoint")
    UnitActivity = apps.get_model("campaign", "UnitActivity")
    points = {
        pk: (document, number)
        for pk, document, number in LearningPoint.objects.using(db).values_list(
            "pk", "document", "number"
        )
    }
    rows = {}
    for unit, point, day in (
        SessionPoint.objects.using(db)
        .order_by()
        .values_list("studysession__organisation", "learningpoint", "studysession__held_on")
        .iterator(chunk_size=10_000)
    ):
        index = (day.year - CAMPAIGN_START.year) * 12 + day.month - CAMPAIGN_START.month
        if index < 0:
            continue
        era, bit = divmod(index, ERA_MONTHS)
        document, number = points[point]
        row = rows.get((unit, document, era))
        if row is None:
            row = rows[(unit, document, era)] = UnitActivity(
                organisation_id=unit, document_id=document, era=era, last_held_on=day
            )
        field = f"months_{number}"
        setattr(row, field, getattr(row, field) | 1 << bit)
        row.last_held_on = max(row.last_held_on, day)
    UnitActivity.objects.using(db).bulk_create(rows.values(), batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("campaign", "0021_unit_activity_per_decision")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
