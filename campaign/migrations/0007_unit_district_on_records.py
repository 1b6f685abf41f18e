"""Each session and reflection carries its unit's district (`unit_district`), filled here from
the units for an existing database, with the indexes a district admin's lists are read in.

One UPDATE per table, in the migration's transaction: on the benchmark's city database (a
million sessions, half a million reflections, every index rewritten with the rows) about 90 s
on two cores, during which writes wait; plan the upgrade for a quiet hour. Autovacuum (or a
VACUUM ANALYZE) then clears the old row versions.
"""

import django.db.models
from django.db import migrations

import campaign.choices

FILL = (
    "UPDATE {table} SET district = (SELECT o.district FROM campaign_organisation o "
    "WHERE o.id = {table}.organisation_id)"
)


def district():
    # The column needs a value for the rows already there; the UPDATE then gives the real one.
    return django.db.models.PositiveSmallIntegerField(
        choices=campaign.choices.District.choices,
        default=0,
        editable=False,
        verbose_name="district",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0006_trigram_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="studysession",
            name="district",
            field=district(),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="reflection",
            name="district",
            field=district(),
            preserve_default=False,
        ),
        migrations.RunSQL(
            FILL.format(table="campaign_studysession"), reverse_sql=migrations.RunSQL.noop
        ),
        migrations.RunSQL(
            FILL.format(table="campaign_reflection"), reverse_sql=migrations.RunSQL.noop
        ),
        migrations.AddIndex(
            model_name="studysession",
            index=django.db.models.Index(
                fields=["district", "held_on", "id"], name="session_district_date"
            ),
        ),
        migrations.AddIndex(
            model_name="reflection",
            index=django.db.models.Index(
                fields=["district", "created_at", "id"], name="reflection_district_created"
            ),
        ),
    ]
