"""A confirmed import runs once, all or nothing: a second click imports nothing again, a large
file is imported by the task worker (run here for real: `manage.py db_worker`) while its page
shows where it is, and a job that failed, waits for a worker or was cut off says so."""

import datetime
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from import_export.tmp_storages import MediaStorage

from campaign.choices import District, ImportStatus
from campaign.exchange import jobs
from campaign.exchange.readers import CSV
from campaign.exchange.resources import StudySessionResource, scoped
from campaign.models import ImportJob, Organisation, StudySession
from tests.campaign.exchange.spreadsheets import (
    Snapshot,
    confirm,
    csv_file,
    page,
    session_header,
    session_row,
    upload,
)
from tests.clicks import at_the_same_moment

PREFIX = "后台导入"


def sessions_file(rows: int, code="HP-GH-01") -> bytes:
    return csv_file(
        [session_header(), *(session_row(code, title=f"{PREFIX}{n}") for n in range(rows))]
    )


def imported() -> int:
    return StudySession.objects.filter(title__startswith=PREFIX).count()


def work() -> None:
    """The task worker, as `make run` starts it, taking every job waiting and stopping. It
    works in transactions of its own, so the tests that run it commit theirs."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.fixture
def in_background(monkeypatch):
    """Files of more than two rows go to the worker (ten thousand in production)."""
    monkeypatch.setattr(jobs, "IN_REQUEST_ROWS", 2)


def test_a_second_click_on_confirm_imports_nothing_again(client_as, tree):
    client = client_as("district_admin")
    preview = upload(client, "studysession", sessions_file(2))

    first = confirm(client, "studysession", preview)
    second = confirm(client, "studysession", preview)  # the button pressed again, or a reload

    assert first.status_code == second.status_code == 302
    assert imported() == 2
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert "导入完成：新增2条记录" in page(client.get(second["Location"]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_import_the_file_once(tree):
    preview_client = Client()
    preview_client.force_login(tree.district_admin)
    preview = upload(preview_client, "studysession", sessions_file(2))
    answers = at_the_same_moment(
        tree.district_admin, lambda client: confirm(client, "studysession", preview)
    )

    assert answers == [302, 302]
    assert imported() == 2
    assert ImportJob.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_large_file_is_imported_by_the_worker(client_as, tree, in_background):
    client = client_as("district_admin")
    preview = upload(client, "studysession", sessions_file(5))

    confirmed = confirm(client, "studysession", preview)
    waiting = page(client.get(confirmed["Location"]))

    job = ImportJob.objects.get()
    assert confirmed["Location"] == reverse("admin:campaign_studysession_import_job", args=[job.pk])
    assert "等待开始" in waiting and 'http-equiv="refresh"' in waiting
    assert imported() == 0

    work()

    done = page(client.get(confirmed["Location"]))
    assert imported() == 5
    assert "导入完成：新增5条记录" in done and 'http-equiv="refresh"' not in done
    assert StudySession.history.filter(title__startswith=PREFIX).count() == 5


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_large_file_that_went_bad_before_the_worker_saves_nothing(client_as, tree, in_background):
    """The third row's unit leaves the district after the preview: the worker's import is
    refused whole, and the job's page names the row."""
    rows = [session_header()] + [
        session_row("HP-GH-02" if n == 1 else "HP-GH-01", title=f"{PREFIX}{n}") for n in range(4)
    ]
    client = client_as("district_admin")
    preview = upload(client, "studysession", csv_file(rows))
    confirmed = confirm(client, "studysession", preview)
    Organisation.objects.filter(pk=tree.sibling.pk).update(district=District.XUHUI)
    before = Snapshot.take()

    work()

    outcome = page(client.get(confirmed["Location"]))
    assert Snapshot.take() == before
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    assert "未导入任何数据" in outcome
    assert "文件第 3 行" in outcome and "HP-GH-02" in outcome


def test_a_running_import_shows_how_many_rows_are_checked(client_as, tree):
    job = ImportJob.objects.create(
        user=tree.district_admin,
        model="campaign.studysession",
        file_name="a-file",
        original_file_name="十月.csv",
        file_format="campaign.exchange.readers.CSV",
        resource="campaign.exchange.resources.StudySessionResource",
        rows=5000,
        status=ImportStatus.RUNNING,
        started_at=timezone.now(),
    )
    cache.set(f"import-job:{job.pk}:rows", 1500)

    html = page(client_as("district_admin").get(job_url(job)))

    assert "已检查 1500 / 5000 行" in html
    assert '<progress max="5000" value="1500">' in html


def test_the_resource_reports_its_progress_as_it_reads(tree, monkeypatch):
    monkeypatch.setattr(scoped, "PROGRESS_EVERY", 2)
    reports = []
    resource = StudySessionResource(user=tree.district_admin)
    resource.on_progress = reports.append
    dataset = CSV().create_dataset(sessions_file(5))

    resource.import_data(dataset, dry_run=True)

    assert reports == [2, 4]


def job_url(job: ImportJob) -> str:
    return reverse("admin:campaign_studysession_import_job", args=[job.pk])


@pytest.mark.parametrize(
    ("status", "age", "says"),
    [
        (ImportStatus.QUEUED, datetime.timedelta(minutes=5), "后台任务进程似乎没有运行"),
        (ImportStatus.RUNNING, datetime.timedelta(hours=1), "导入被中断"),
    ],
)
def test_a_job_nobody_is_working_on_says_so(client_as, tree, status, age, says):
    job = ImportJob.objects.create(
        user=tree.district_admin,
        model="campaign.studysession",
        file_name="a-file",
        file_format="campaign.exchange.readers.CSV",
        resource="campaign.exchange.resources.StudySessionResource",
        rows=20_000,
        status=status,
        confirmed_at=timezone.now() - age,
        started_at=timezone.now() - age if status == ImportStatus.RUNNING else None,
    )

    html = page(client_as("district_admin").get(job_url(job)))

    assert says in html


def test_another_users_import_is_not_found(client_as, tree, in_background):
    owner = client_as("district_admin")
    confirmed = confirm(owner, "studysession", upload(owner, "studysession", sessions_file(3)))

    assert client_as("campaign_admin").get(confirmed["Location"]).status_code == 404


def test_a_confirmation_of_a_file_no_longer_there_asks_for_it_again(client_as, tree):
    client = client_as("district_admin")
    preview = upload(client, "studysession", sessions_file(2))
    jobs.discard(ImportJob.objects.get().file_name)  # say, a server without the shared folder

    response = confirm(client, "studysession", preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:campaign_studysession_import")
    assert "服务器上已没有这个文件" in page(client.get(response["Location"]))
    assert imported() == 0


def stored(name: str, content: bytes = b"x") -> MediaStorage:
    """A file in the folder where the import library keeps uploads between preview and import."""
    storage = MediaStorage(name=name, read_mode="rb")
    storage.save(content)
    return storage


def exists(storage: MediaStorage) -> bool:
    return storage._storage.exists(storage.get_full_path())


def test_a_confirmation_touches_no_file_named_in_the_form(client_as, tree):
    """The library's confirm form carried the stored file's name: posted by hand, it deleted
    any file of the folder. Now only the id of the user's own preview is read."""
    victim = stored("someone-elses-upload", sessions_file(2))
    client = client_as("district_admin")

    response = client.post(
        reverse("admin:campaign_studysession_process_import"),
        {"import_file_name": victim.name, "original_file_name": "a.csv", "format": "1"},
    )

    assert response.status_code == 302
    assert exists(victim) and imported() == 0


def test_a_confirmation_of_another_users_preview_imports_nothing(client_as, tree):
    owner = client_as("district_admin")
    preview = upload(owner, "studysession", sessions_file(2))

    response = confirm(client_as("campaign_admin"), "studysession", preview)

    assert response["Location"] == reverse("admin:campaign_studysession_import")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED and imported() == 0
    assert exists(MediaStorage(name=job.file_name))


def test_a_refused_file_is_not_kept(client_as, tree):
    client = client_as("district_admin")

    preview = upload(client, "studysession", sessions_file(2, code="NO-SUCH-UNIT"))

    assert preview.context.get("confirm_form") is None
    assert not ImportJob.objects.exists()
    assert MediaStorage()._storage.listdir(MediaStorage().MEDIA_FOLDER)[1] == []


def test_files_nobody_will_import_are_removed(client_as, tree):
    """Previews left unconfirmed for a day, a job whose worker was killed, and a file whose
    preview never finished go when the next file is previewed; a fresh preview stays."""
    client = client_as("district_admin")
    old = upload(client, "studysession", sessions_file(1))
    old_job = ImportJob.objects.get()
    killed = ImportJob.objects.create(
        user=tree.district_admin,
        model="campaign.studysession",
        file_name=stored("killed").name,
        file_format="campaign.exchange.readers.CSV",
        resource="campaign.exchange.resources.StudySessionResource",
        rows=20_000,
        status=ImportStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(hours=1),
    )
    orphan = stored("orphan")
    day_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(orphan._storage.path(orphan.get_full_path()), (day_ago, day_ago))
    ImportJob.objects.filter(pk=old_job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    fresh = upload(client, "studysession", sessions_file(1))

    assert not ImportJob.objects.filter(pk=old_job.pk).exists()
    assert not exists(MediaStorage(name=old_job.file_name))
    killed.refresh_from_db()
    assert killed.status == ImportStatus.FAILED and "导入被中断" in killed.errors[0]
    assert not exists(MediaStorage(name="killed")) and not exists(orphan)
    assert confirm(client, "studysession", fresh).status_code == 302
    assert imported() == 1
    assert confirm(client, "studysession", old)["Location"] == reverse(
        "admin:campaign_studysession_import"
    )
