"""Backups of the whole portal, and their restore: the database and the uploaded files together.

A backup is a folder: `database.dump` (PostgreSQL's pg_dump, custom format) or `database.sqlite3`
(SQLite's online backup: a consistent copy of a live file, never `cp`, which can catch a write
half-done), `media.tar.gz` (attachments and files waiting for import) and `manifest.json` (when,
from what, and how many rows each table held, which `restore` checks). `restore` refuses a
database that already holds data unless told to replace it.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from accounts import audit
from accounts.audit.actions import Action

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


def backup(destination: Path) -> Path:
    """A new backup folder under `destination`; returns its path."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"campaign-{stamp}"
    folder.mkdir(parents=True)
    database = _dump(folder)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname=".")
    manifest = {
        "made": datetime.datetime.now().astimezone().isoformat(),
        "vendor": connection.vendor,
        "database": database,
        "rows": row_counts(),
        "files": sum(1 for path in media.rglob("*") if path.is_file()) if media.exists() else 0,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    # After the manifest, which counts the rows of the dump: this entry is not in it.
    audit.record(
        None,
        Action.BACKUP,
        user=None,
        target=str(folder),
        operation="backup",
        rows=sum(manifest["rows"].values()),
        files=manifest["files"],
    )
    return folder


def restore(folder: Path, *, replace: bool = False) -> dict:
    """Restore `folder` into the configured database and MEDIA_ROOT; returns its manifest."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not a backup made by `manage.py backup`") from error
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of {manifest['vendor']}; this portal runs on {connection.vendor}."
        )
    if not replace and _holds_data():
        raise BackupError(
            "The database already holds data: restore into an empty one, or pass --replace."
        )
    _load(folder / manifest["database"], replace=replace)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        archive.extractall(media, filter="data")  # no absolute paths, no links out of it
    found = row_counts()
    missing = {table: rows for table, rows in manifest["rows"].items() if found.get(table) != rows}
    if missing:
        raise BackupError(f"Restored, but these tables do not hold what was saved: {missing}")
    audit.record(None, Action.BACKUP, user=None, target=str(folder), operation="restore")
    return manifest


def row_counts() -> dict[str, int]:
    """Rows in each of the portal's tables (and the libraries' it depends on)."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        & set(connection.introspection.table_names())
    )
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _holds_data() -> bool:
    counts = row_counts()
    # A migrated database holds its own bookkeeping (content types, permissions): not data.
    ignored = {"django_content_type", "auth_permission", "django_migrations"}
    return any(rows for table, rows in counts.items() if table not in ignored)


def _dump(folder: Path) -> str:
    if connection.vendor == "postgresql":
        name = "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={folder / name}", _url()])
    elif connection.vendor == "sqlite":
        name = "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(folder / name) as copy:
            connection.connection.backup(copy)  # SQLite's online backup API
        copy.close()
    else:
        raise BackupError(f"No backup for {connection.vendor}")
    return name


def _load(path: Path, *, replace: bool) -> None:
    if connection.vendor == "postgresql":
        connection.close()
        # --clean drops what the dump recreates (a migrated, empty database has the tables).
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--clean",
                "--if-exists",
                f"--dbname={_url()}",
                path,
            ]
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()


def _url() -> str:
    """The database for pg_dump and pg_restore; the password goes by PGPASSWORD (`_run`), never
    on a command line that `ps` shows."""
    db = settings.DATABASES["default"]
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{db['USER']}@{db['HOST'] or 'localhost'}{port}/{db['NAME']}"


def _run(command: list) -> None:
    password = settings.DATABASES["default"].get("PASSWORD") or ""
    result = subprocess.run(  # noqa: S603 (pg_dump/pg_restore with the portal's own settings)
        [str(part) for part in command],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": password} if password else None,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
