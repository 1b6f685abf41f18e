# One activity row per unit, decision and era instead of one per learning point (issue 18: the
# whole-city dashboard read 510,000 rows for 85,000 units). The table is derived data: it is
# made again empty here and filled from the sessions in 0022, each step its own transaction.

import django.db.models.deletion
from django.db import migrations, models

MONTHS = [f"months_{number}" for number in range(1, 13)]


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0020_showcase_count_index"),
        ("documents", "0008_history_begins"),
    ]

    operations = [
        migrations.DeleteModel(name="UnitActivity"),
        migrations.CreateModel(
            name="UnitActivity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("era", models.PositiveSmallIntegerField(verbose_name="era")),
                ("last_held_on", models.DateField(verbose_name="last session")),
                *((name, models.BigIntegerField(default=0)) for name in MONTHS),
                (
                    "document",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="documents.document",
                        verbose_name="decision",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activity",
                        to="campaign.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "unit activity",
                "verbose_name_plural": "unit activity",
                "indexes": [
                    models.Index(
                        fields=["document", "last_held_on"],
                        include=["organisation"],
                        name="unit_activity_last_held",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("document", "organisation", "era"),
                        include=["last_held_on", *MONTHS],
                        name="unit_activity_decision_unit_era",
                    )
                ],
            },
        ),
    ]
