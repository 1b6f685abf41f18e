"""The showcase: a partial index for its list, newest first, and on PostgreSQL trigram indexes
over the titles and texts of showcased reflections only, for `/search/`.

Partial (featured, with consent): the public part is a small share of the table, so the indexes
stay small, and a search never reads the text of a reflection that is not public. Built
concurrently on PostgreSQL (writes go on during an upgrade).
"""

from django.db import migrations, models

SHOWCASED = "status = 'featured' AND public_consent"
TRIGRAMS = [
    ("reflection_showcase_title_trgm", "title"),
    ("reflection_showcase_body_trgm", "body"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAMS:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON campaign_reflection "
            f"USING gin (UPPER({column}::text) gin_trgm_ops) WHERE {SHOWCASED}"
        )
    schema_editor.execute("ANALYZE campaign_reflection")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in TRIGRAMS:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("campaign", "0011_form_submissions_and_text_limits"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reflection",
            index=models.Index(
                condition=models.Q(("public_consent", True), ("status", "featured")),
                fields=["-created_at", "-id"],
                name="reflection_showcase",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
