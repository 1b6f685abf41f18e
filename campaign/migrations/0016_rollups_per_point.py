# Figures per decision and per learning point instead of a column per point (issue 18): the four
# point columns of the roll-ups become rows of their own, and the sessions' point flags go (the
# sessions' links to their points say the same).

import django.db.models.deletion
from django.db import migrations, models

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


def remove(model: str, *names: str) -> list:
    return [migrations.RemoveField(model_name=model, name=name) for name in names]


POINT_COLUMNS = [
    f"{counter}_point_{n}"
    for counter in ("sessions", "participants", "reflections")
    for n in NUMBERS
]


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0015_absentees"),
        ("documents", "0002_studied_points"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyPointFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "district",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "City level"),
                            (1, "Huangpu"),
                            (2, "Xuhui"),
                            (3, "Changning"),
                            (4, "Jing'an"),
                            (5, "Putuo"),
                            (6, "Hongkou"),
                            (7, "Yangpu"),
                            (8, "Minhang"),
                            (9, "Baoshan"),
                            (10, "Jiading"),
                            (11, "Pudong New Area"),
                            (12, "Jinshan"),
                            (13, "Songjiang"),
                            (14, "Qingpu"),
                            (15, "Fengxian"),
                            (16, "Chongming"),
                        ],
                        verbose_name="district",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("issuer", "Issuing body"),
                            ("district_organization", "District organization department"),
                            ("district_propaganda", "District propaganda department"),
                            ("district_union", "District or industry union"),
                            ("union_branch", "Union branch"),
                            ("district_sasac", "District SASAC"),
                            ("sasac_unit", "SASAC enterprise party organisation"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("active", models.BooleanField(verbose_name="active")),
                ("sessions", models.PositiveIntegerField(default=0)),
                ("participants", models.PositiveIntegerField(default=0)),
                ("reflections", models.PositiveIntegerField(default=0)),
                ("day", models.DateField(verbose_name="day")),
            ],
            options={
                "verbose_name": "daily figures of a learning point",
                "verbose_name_plural": "daily figures of learning points",
            },
        ),
        migrations.CreateModel(
            name="MonthlyPointFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "district",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "City level"),
                            (1, "Huangpu"),
                            (2, "Xuhui"),
                            (3, "Changning"),
                            (4, "Jing'an"),
                            (5, "Putuo"),
                            (6, "Hongkou"),
                            (7, "Yangpu"),
                            (8, "Minhang"),
                            (9, "Baoshan"),
                            (10, "Jiading"),
                            (11, "Pudong New Area"),
                            (12, "Jinshan"),
                            (13, "Songjiang"),
                            (14, "Qingpu"),
                            (15, "Fengxian"),
                            (16, "Chongming"),
                        ],
                        verbose_name="district",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("issuer", "Issuing body"),
                            ("district_organization", "District organization department"),
                            ("district_propaganda", "District propaganda department"),
                            ("district_union", "District or industry union"),
                            ("union_branch", "Union branch"),
                            ("district_sasac", "District SASAC"),
                            ("sasac_unit", "SASAC enterprise party organisation"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("active", models.BooleanField(verbose_name="active")),
                ("sessions", models.PositiveIntegerField(default=0)),
                ("participants", models.PositiveIntegerField(default=0)),
                ("reflections", models.PositiveIntegerField(default=0)),
                ("month", models.DateField(verbose_name="month")),
            ],
            options={
                "verbose_name": "monthly figures of a learning point",
                "verbose_name_plural": "monthly figures of learning points",
            },
        ),
        migrations.RemoveConstraint(model_name="dailyfigures", name="daily_figures_group"),
        migrations.RemoveConstraint(model_name="monthlyfigures", name="monthly_figures_group"),
        migrations.RemoveConstraint(model_name="unitactivity", name="unit_activity_era"),
        migrations.RemoveIndex(model_name="studysession", name="session_date_units"),
        migrations.AddField(
            model_name="dailyfigures",
            name="document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.document",
                verbose_name="decision",
            ),
        ),
        migrations.AddField(
            model_name="dailyfigures",
            name="reflections",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.document",
                verbose_name="decision",
            ),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="reflections",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="unitactivity",
            name="months",
            field=models.BigIntegerField(default=0, verbose_name="months"),
        ),
        migrations.AddField(
            model_name="unitactivity",
            name="point",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.learningpoint",
                verbose_name="learning point",
            ),
        ),
        migrations.AddField(
            model_name="dailypointfigures",
            name="point",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.learningpoint",
                verbose_name="learning point",
            ),
        ),
        migrations.AddField(
            model_name="monthlypointfigures",
            name="point",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.learningpoint",
                verbose_name="learning point",
            ),
        ),
        migrations.RunPython(points_into_rows, migrations.RunPython.noop),
        *remove("dailyfigures", *POINT_COLUMNS),
        *remove("monthlyfigures", *POINT_COLUMNS),
        *remove("studysession", *(f"covers_point_{n}" for n in NUMBERS)),
        *remove("unitactivity", *(f"point_{n}" for n in NUMBERS)),
        migrations.AlterField(
            model_name="dailyfigures",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.document",
                verbose_name="decision",
            ),
        ),
        migrations.AlterField(
            model_name="monthlyfigures",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.document",
                verbose_name="decision",
            ),
        ),
        migrations.AlterField(
            model_name="unitactivity",
            name="point",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.learningpoint",
                verbose_name="learning point",
            ),
        ),
        migrations.AddIndex(
            model_name="studysession",
            index=models.Index(
                fields=["held_on"], include=("id", "organisation"), name="session_date_units"
            ),
        ),
        migrations.AddIndex(
            model_name="unitactivity",
            index=models.Index(
                fields=["point", "era"],
                include=("organisation", "months"),
                name="unit_activity_points",
            ),
        ),
        migrations.AddConstraint(
            model_name="dailyfigures",
            constraint=models.UniqueConstraint(
                fields=("document", "day", "district", "kind", "active"), name="daily_figures_group"
            ),
        ),
        migrations.AddConstraint(
            model_name="monthlyfigures",
            constraint=models.UniqueConstraint(
                fields=("document", "month", "district", "kind", "active"),
                name="monthly_figures_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="unitactivity",
            constraint=models.UniqueConstraint(
                fields=("organisation", "point", "era"), name="unit_activity_point_era"
            ),
        ),
        migrations.AddConstraint(
            model_name="dailypointfigures",
            constraint=models.UniqueConstraint(
                fields=("point", "day", "district", "kind", "active"),
                name="daily_point_figures_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="monthlypointfigures",
            constraint=models.UniqueConstraint(
                fields=("point", "month", "district", "kind", "active"),
                name="monthly_point_figures_group",
            ),
        ),
    ]
