"""Confirmed imports: one job per uploaded file, run once (see `campaign.exchange.jobs`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.choices import ImportStatus, one_of


class ImportJob(models.Model):
    """The import of one uploaded file, from its preview to its outcome.

    The preview records the file here (`file_name`: where the import library keeps it) and the
    confirm button posts only this record's id, which is looked up among its own user's: no
    posted name ever reaches the file storage. Confirming turns a previewed job into a queued
    one once, so a second click (or a reload) finds the job instead of importing the file again.
    The outcome is kept here: the counts, or every error by row.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    model = models.CharField(_("imported into"), max_length=100)  # "app_label.model_name"
    file_name = models.CharField(max_length=255, unique=True, editable=False)
    original_file_name = models.CharField(_("file"), max_length=255, blank=True)
    # Dotted paths, set by the admin (never posted): how to read the file and write its rows.
    file_format = models.CharField(max_length=200, editable=False)
    resource = models.CharField(max_length=200, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)  # counted when confirmed
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list)  # ["第 3 行：…", …], in order
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=one_of("status", ImportStatus), name="import_job_status_choice"
            )
        ]

    def __str__(self) -> str:
        return self.original_file_name or self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
