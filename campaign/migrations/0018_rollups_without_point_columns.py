# The roll-ups' point columns and the sessions' point flags go, now that 0017 has turned them
# into rows (see 0016).

import django.db.models.deletion
from django.db import migrations, models

NUMBERS = (1, 2, 3, 4)  # the point columns there were


def remove(model: str, *names: str) -> list:
    return [migrations.RemoveField(model_name=model, name=name) for name in names]


POINT_COLUMNS = [
    f"{counter}_point_{n}"
    for counter in ("sessions", "participants", "reflections")
    for n in NUMBERS
]


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0017_point_columns_into_rows"),
    ]

    operations = [
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
