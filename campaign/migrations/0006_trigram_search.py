"""Trigram indexes for the backend's searches, on PostgreSQL (SQLite searches with plain LIKE).

Django's `icontains` asks PostgreSQL for UPPER(column::text) LIKE UPPER(%s), so that is what the
indexes cover; pg_trgm splits Chinese text into trigrams too (in a UTF-8 locale such as
C.UTF-8), so a search of three characters or more is an index scan. Built concurrently (writes go
on during an upgrade), then analysed, so the planner knows how common a term is.
"""

from django.db import migrations

INDEXES = [
    ("session_title_trgm", "campaign_studysession", "title"),
    ("session_summary_trgm", "campaign_studysession", "summary"),
    ("reflection_title_trgm", "campaign_reflection", "title"),
    ("reflection_author_trgm", "campaign_reflection", "author_name"),
    ("organisation_name_trgm", "campaign_organisation", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    for table in sorted({table for _name, table, _column in INDEXES}):
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("campaign", "0005_report_rollups"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
