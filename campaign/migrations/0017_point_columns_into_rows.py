# The roll-ups' four point columns become rows of their own (see 0016).

from django.db import migrations

NUMBERS = (1, 2, 3, 4)  # the point columns there were


def points_into_rows(apps, schema_editor):
    """Frozen: the roll-ups' point columns as rows, and every figure the one decision's (all the
    points there were belonged to it). Written in SQL, each table in a few statements."""
    LearningPoint = apps.get_model("documents", "LearningPoint")
    tables = {
        name: apps.get_model("campaign", name)._meta.db_table
        for name in (
            "DailyFigures",
            "MonthlyFigures",
            "DailyPointFigures",
            "MonthlyPointFigures",
            "UnitActivity",
        )
    }
    points = dict(LearningPoint.objects.values_list("number", "pk"))
    document = LearningPoint.objects.values_list("paragraph__document", flat=True).first()
    with schema_editor.connection.cursor() as cursor:
        if document is None:  # no decision loaded: no session, no figure to keep
            for table in tables.values():
                cursor.execute(f"DELETE FROM {table}")
            return
        for figures, per_point, date in (
            ("DailyFigures", "DailyPointFigures", "day"),
            ("MonthlyFigures", "MonthlyPointFigures", "month"),
        ):
            reflections = " + ".join(f"reflections_point_{n}" for n in NUMBERS)
            cursor.execute(
                f"UPDATE {tables[figures]} SET document_id = %s, reflections = {reflections}",
                [document],
            )
            for number, point in points.items():
                cursor.execute(
                    f"INSERT INTO {tables[per_point]} "
                    f"({date}, district, kind, active, point_id, sessions, participants, "
                    f"reflections) SELECT {date}, district, kind, active, %s, "
                    f"sessions_point_{number}, participants_point_{number}, "
                    f"reflections_point_{number} FROM {tables[figures]} "
                    f"WHERE sessions_point_{number} > 0 OR reflections_point_{number} > 0",
                    [point],
                )
        activity = tables["UnitActivity"]
        for number, point in points.items():
            cursor.execute(
                f"INSERT INTO {activity} (organisation_id, era, point_1, point_2, point_3, "
                f"point_4, point_id, months) SELECT organisation_id, era, 0, 0, 0, 0, %s, "
                f"point_{number} FROM {activity} WHERE point_id IS NULL AND point_{number} <> 0",
                [point],
            )
        cursor.execute(f"DELETE FROM {activity} WHERE point_id IS NULL")


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0016_rollups_per_point"),
    ]

    operations = [
        migrations.RunPython(points_into_rows, migrations.RunPython.noop),
    ]
