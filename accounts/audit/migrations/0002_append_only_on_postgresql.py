"""On PostgreSQL the database itself keeps the trail append-only: a trigger refuses every UPDATE
of an entry, and every DELETE of one younger than the retention period, which it reads from the
one-row table `audit_retention` (written here from AUDIT_RETENTION_DAYS, then by each run of
`prune_audit`; its CHECK refuses less than 180 days). Other databases rely on the ORM's refusal.
Frozen: the SQL is written out here, not imported.
"""

from django.conf import settings
from django.db import migrations

MINIMUM_DAYS = 180

CREATE = """
CREATE TABLE audit_retention (
    id integer PRIMARY KEY CHECK (id = 1),
    days integer NOT NULL CHECK (days >= 180)
);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kept integer;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit entry % cannot be changed', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- A missing row or value never shortens the period below the legal six months.
    SELECT GREATEST(COALESCE(MAX(days), 180), 180) INTO kept FROM audit_retention;
    IF OLD.at >= now() - make_interval(days => kept) THEN
        RAISE EXCEPTION 'audit entry % is younger than the retention period (% days)', OLD.id, kept
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
DROP TABLE IF EXISTS audit_retention;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    days = max(getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_DAYS), MINIMUM_DAYS)
    schema_editor.execute(CREATE, params=None)  # None: the % of the messages stay as written
    schema_editor.execute("INSERT INTO audit_retention (id, days) VALUES (1, %s)", params=[days])


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
