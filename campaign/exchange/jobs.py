"""Imports from preview to outcome, each run once and all or nothing, in the request or by the
task worker.

A file whose preview found no error is recorded as an `ImportJob` of its user (`preview`); the
confirm button posts that record's id, never a file name. Confirming (`confirm`) queues the job
once: a second click on the button, or a reload, finds the same job instead of importing the file
again. Files nobody will import are removed (`sweep`, on each preview). A file of up to
`IN_REQUEST_ROWS` rows is imported in the request (seconds); a larger one by the task worker
(`manage.py db_worker`, which `make run` starts), while its page shows how far it has read, so no
request comes near gunicorn's timeout. Either way `run` imports it: the rows are written in one
transaction, and the job records the counts, or every error by its row with nothing saved.
"""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop
from django_tasks import task
from import_export.results import RowResult
from import_export.signals import post_import

from accounts import audit
from accounts.audit.actions import Action
from campaign.choices import ImportStatus
from campaign.exchange.readers import ImportFileError
from campaign.models import ImportJob

logger = logging.getLogger(__name__)

# About five seconds of work in a request; a larger file goes to the worker.
IN_REQUEST_ROWS = 10_000
# A job waiting longer than this has no worker taking jobs: its page says whom to tell.
UNATTENDED_AFTER = datetime.timedelta(minutes=1)
# A job running longer than this lost its worker (a restart, a crash): its transaction was
# rolled back, so nothing of it was saved.
STALE_AFTER = datetime.timedelta(minutes=15)
CUT_OFF = gettext_noop(
    "The import was cut off (the server stopped) before it finished; nothing was saved."
)
# A previewed file not confirmed within a day is removed with its record.
PREVIEW_KEPT = datetime.timedelta(days=1)


def preview(*, user, model, file_name: str, original_file_name: str, file_format, resource):
    """The record of a file whose preview found no error: what its confirm button posts (by id).
    `file_format` and `resource` are the classes the admin reads and writes the file with."""
    sweep()
    return ImportJob.objects.create(
        user=user,
        model=model._meta.label_lower,
        file_name=file_name,
        original_file_name=original_file_name,
        file_format=f"{file_format.__module__}.{file_format.__qualname__}",
        resource=f"{resource.__module__}.{resource.__qualname__}",
    )


def confirm(job_id, *, user, model):
    """The job the user confirmed, and whether this click confirmed it (False: an earlier click
    did). Only the user's own previewed files can be confirmed; anything else is `LookupError`,
    as is a file no longer on the server."""
    job = ImportJob.objects.filter(pk=job_id, user=user, model=model._meta.label_lower).first()
    if job is None:
        raise LookupError(job_id)
    if job.status != ImportStatus.PREVIEWED:
        return job, False
    try:
        rows = len(_dataset(_storage(job.file_name), import_string(job.file_format)))
    except (OSError, ImportFileError) as error:
        raise LookupError(job_id) from error
    confirmed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, rows=rows, confirmed_at=timezone.now()
    )
    job.refresh_from_db()
    return job, bool(confirmed)


def sweep() -> None:
    """Uploaded files nobody will import: previews not confirmed within `PREVIEW_KEPT` (records
    and files), jobs whose worker was killed (marked failed: their transaction rolled back, so
    nothing of them was saved) and files whose preview failed before it was recorded."""
    now = timezone.now()
    expired = ImportJob.objects.filter(
        status=ImportStatus.PREVIEWED, created_at__lt=now - PREVIEW_KEPT
    )
    for file_name in expired.values_list("file_name", flat=True):
        _storage(file_name).remove()
    expired.delete()
    cut_off = ImportJob.objects.filter(
        status=ImportStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    for job in cut_off:
        _finish(job, ImportStatus.FAILED, errors=[gettext(CUT_OFF)])
        discard(job.file_name)
    tmp = _storage("")
    storage, folder = tmp._storage, tmp.MEDIA_FOLDER  # the library's MediaStorage
    try:
        names = storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    known = set(ImportJob.objects.filter(file_name__in=names).values_list("file_name", flat=True))
    for name in set(names) - known:
        path = f"{folder}/{name}"
        if storage.get_modified_time(path) < now - PREVIEW_KEPT:
            storage.delete(path)


def in_request(job: ImportJob) -> bool:
    return job.rows <= IN_REQUEST_ROWS


@task()
def run_in_background(job_id: int) -> None:
    run(job_id)


def run(job_id: int) -> None:
    """Import the job's file, once: only a job still waiting is taken (a second worker, a task
    run again, find it taken)."""
    taken = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    storage = _storage(job.file_name)
    errors = []
    try:
        # The rows, their admin log, the outcome and its audit entry are saved together: an
        # import the trail cannot record is rolled back.
        with transaction.atomic():
            result = _import(job, storage)
            if not (errors := error_lines(result)):
                _log(job, result)
                _finish(
                    job,
                    ImportStatus.DONE,
                    new=result.totals[RowResult.IMPORT_TYPE_NEW],
                    updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
                    skipped=result.totals[RowResult.IMPORT_TYPE_SKIP],
                )
    except ImportFileError as error:
        _finish(job, ImportStatus.FAILED, errors=[str(error)])
    except Exception:
        logger.exception("Import %s failed", job.pk)
        _finish(
            job,
            ImportStatus.FAILED,
            errors=[gettext("The import stopped on an error of the server; nothing was saved.")],
        )
    else:
        if errors:
            _finish(job, ImportStatus.FAILED, errors=errors)
        else:
            post_import.send(sender=None, model=apps.get_model(job.model))
    discard(job.file_name)  # imported or refused, the file is not read again


def progress(job: ImportJob) -> int:
    """How many rows of a running job have been read (they are written at the end)."""
    return cache.get(_progress_key(job.pk), 0)


def is_unattended(job: ImportJob) -> bool:
    return (
        job.status == ImportStatus.QUEUED
        and job.confirmed_at is not None
        and timezone.now() - job.confirmed_at > UNATTENDED_AFTER
    )


def is_stale(job: ImportJob) -> bool:
    return (
        job.status == ImportStatus.RUNNING
        and job.started_at is not None
        and timezone.now() - job.started_at > STALE_AFTER
    )


def error_lines(result) -> list[str]:
    """Every error of a result, each naming its row in the file (the header is row 1) and its
    column, in the file's order: what the preview shows, kept for the job's page."""
    lines = [str(error.error) for error in result.base_errors]
    rows = [
        (number, [str(error.error) for error in errors]) for number, errors in result.row_errors()
    ]
    for row in result.invalid_rows:
        messages = [
            f"{column}：{message}"
            for column, column_messages in row.field_specific_errors.items()
            for message in column_messages
        ]
        rows.append((row.number, [*messages, *map(str, row.non_field_specific_errors)]))
    for number, messages in sorted(rows, key=lambda item: item[0]):
        lines += [
            gettext("Row %(row)d of the file: %(error)s") % {"row": number + 1, "error": message}
            for message in messages
        ]
    return lines


def _import(job: ImportJob, storage):
    dataset = _dataset(storage, import_string(job.file_format))
    resource = import_string(job.resource)(user=job.user)
    resource.on_progress = lambda rows: cache.set(_progress_key(job.pk), rows, 24 * 60 * 60)
    return resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        collect_failed_rows=True,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
        file_name=job.original_file_name,
        user=job.user,
    )


def _storage(file_name: str):
    """Where the import library keeps an uploaded file between its preview and its import."""
    return import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)(name=file_name, read_mode="rb")


def discard(file_name: str) -> None:
    """Remove an uploaded file that will not be imported."""
    _storage(file_name).remove()  # a file already gone is no error


def _dataset(storage, file_format):
    return file_format().create_dataset(storage.read())


def _log(job: ImportJob, result) -> None:
    """The admin's history of the imported rows, as the library writes it after an import."""
    flags = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}
    rows: dict[str, list] = {}
    for row in result:
        if row.import_type in flags and row.instance is not None:
            rows.setdefault(row.import_type, []).append(row.instance)
    for import_type, instances in rows.items():
        LogEntry.objects.log_actions(
            job.user_id,
            instances,
            flags[import_type],
            change_message=f"{import_type} through import_export",
            single_object=len(instances) == 1,
        )


def _finish(job: ImportJob, status: str, **outcome) -> None:
    for name, value in outcome.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", *outcome])
    cache.delete(_progress_key(job.pk))
    audit.record(
        None,
        Action.IMPORT,
        user=job.user,
        target=job.original_file_name,
        model=job.model,
        rows=job.rows,
        outcome=status,
        new=job.new,
        updated=job.updated,
        skipped=job.skipped,
        errors=len(job.errors or []),
    )


def _progress_key(job_id: int) -> str:
    return f"import-job:{job_id}:rows"
