"""`manage.py backup` and `manage.py restore`, run for real on the database the suite runs on: a
backup restored into an empty database finds every row and every uploaded file."""

import contextlib
import json

import psycopg
import pytest
from django.db import connection

from tests.samples import PNG
from tests.servers import manage, production_env

RECORDS = """
from django.core.files.base import ContentFile
from campaign.models import Organisation, SessionAttachment, StudySession
from tests.factories import ReflectionFactory, StudySessionFactory
unit = Organisation.objects.get(code="HP-GH")
session = StudySessionFactory(organisation=unit, title="备份中的活动")
SessionAttachment(session=session, file=ContentFile({png!r}, name="签到表.png")).save()
ReflectionFactory(organisation=unit, title="备份中的体会")
"""

CHECK = """
from campaign.models import Reflection, SessionAttachment, StudySession
attachment = SessionAttachment.objects.get()
print(StudySession.objects.get().title, Reflection.objects.get().title)
print(attachment.original_name, attachment.file.read() == {png!r})
"""


@contextlib.contextmanager
def databases(tmp_path):
    """Two databases of the suite's kind: one to back up, one empty to restore into."""
    if connection.vendor == "sqlite":
        yield [f"sqlite:///{tmp_path / name}.sqlite3" for name in ("live", "empty")]
        return
    server = "postgres://postgres@127.0.0.1:5432"
    names = ["campaign_backup_live", "campaign_backup_empty"]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
    try:
        yield [f"{server}/{name}" for name in names]
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(env, *args):
    result = manage(env, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.django_db
def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(tmp_path):
    with databases(tmp_path) as (live_url, empty_url):
        live = production_env(tmp_path, DATABASE_URL=live_url, MEDIA_ROOT=str(tmp_path / "m1"))
        for command in (["migrate", "--noinput"], ["load_decision"], ["load_organisations"]):
            run(live, *command)
        run(live, "shell", "-c", RECORDS.format(png=PNG))

        made = run(live, "backup", str(tmp_path / "backups"))
        folder = made.strip().rsplit(" ", 1)[1]
        empty = production_env(tmp_path, DATABASE_URL=empty_url, MEDIA_ROOT=str(tmp_path / "m2"))
        restored = run(empty, "restore", folder)
        found = run(empty, "shell", "-c", CHECK.format(png=PNG))
        again = manage(empty, "restore", folder)  # the database now holds data

    manifest = json.loads(
        (tmp_path / "backups" / folder.rsplit("/", 1)[1] / "manifest.json").read_text()
    )
    assert manifest["rows"]["campaign_studysession"] == 1
    assert manifest["rows"]["campaign_organisation"] > 50
    assert manifest["files"] == 1
    assert "Restored the backup" in restored
    assert " ".join(found.splitlines()[-2:]).split() == [
        "备份中的活动",
        "备份中的体会",
        "签到表.png",
        "True",
    ]
    assert again.returncode != 0 and "already holds data" in again.stderr
