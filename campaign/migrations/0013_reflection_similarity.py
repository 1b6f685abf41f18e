"""Near-duplicate reflections for reviewers (`campaign.similar`), on PostgreSQL: a GIN trigram
index over every reflection's text, for `body % text` (pg_trgm's similarity at least a threshold).

GIN, not GiST: a reflection has some 300 trigrams, so the signatures of GiST's inner pages fill up
and prune nothing; a nearest-neighbour search (`ORDER BY body <-> text`) then reads the whole
index, seconds at 500,000 varied reflections, for any text that has no near copy. GIN answers such
a text from the lists of its rarer trigrams in milliseconds; where a great many texts are alike,
`campaign.similar` does not ask it (it would list them all). On the plain column, not UPPER():
similarity ignores case. Built concurrently (writes go on during an upgrade), then analysed.
"""

from django.db import migrations

INDEX = "reflection_body_similar"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON campaign_reflection "
        "USING gin (body gin_trgm_ops)"
    )
    schema_editor.execute("ANALYZE campaign_reflection")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("campaign", "0012_showcase"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
