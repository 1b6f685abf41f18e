"""Import and export in the admin: mixins for a ModelAdmin whose resources are scoped to the user.

Imports are all or nothing: the file is read and every row checked (the preview, which writes
nothing), and the confirmed import (`jobs`) runs once, in one transaction, in the request or, for
a large file, in the task worker while a page shows its progress.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from import_export.admin import ExportMixin, ImportMixin

from accounts import audit
from accounts.audit.actions import Action
from campaign.choices import ImportStatus
from campaign.exchange import jobs
from campaign.exchange.forms import ConfirmImportForm, ExportForm, ImportForm
from campaign.exchange.private_hooks import ChineseFileNameMixin
from campaign.exchange.readers import (
    IMPORT_FORMATS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportFileError,
)
from campaign.exchange.writers import EXPORT_FORMATS
from campaign.models import ImportJob


def absentee_notes_asked(export_form) -> bool:
    """Whether the exporter ticked the box for the absentees' notes (`ExportForm`)."""
    cleaned = getattr(export_form, "cleaned_data", None) or {}
    return bool(cleaned.get("absentee_notes"))


class ScopedExportMixin(ChineseFileNameMixin, ExportMixin):
    """Export of what the changelist shows, by a resource that knows the user and scopes itself.

    The rows come from the changelist's queryset (`get_queryset`, scoped, plus the filters of the
    query string); ids posted by the export form only narrow that queryset; and the resource
    filters once more by the user it is given, so no path leads outside the user's reach.
    """

    export_form_class = ExportForm
    # With a byte-order mark, Excel on Chinese Windows opens a UTF-8 CSV as UTF-8, not GBK.
    to_encoding = "utf-8-sig"

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        resource_kwargs = super().get_export_resource_kwargs(request, **kwargs)
        if absentee_notes_asked(kwargs.get("export_form")):
            resource_kwargs["with_notes"] = True
        return resource_kwargs

    def get_export_formats(self):
        return [EXPORT_FORMATS.get(f, f) for f in super().get_export_formats()]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # As the library's, which gives dates and numbers their own cell types only for its own
        # XLSX class (an exact type check), not for ours.
        if not self.has_export_permission(request):
            raise PermissionDenied
        native = file_format.is_binary()
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        # Before the file is made: an export the trail cannot record does not leave.
        audit.record(
            request,
            Action.EXPORT,
            target=self.model._meta.label_lower,
            rows=len(data),
            format=file_format.get_title(),
            filters={key: value for key, value in request.GET.items() if value},
            # Absentees' notes (说明) may say why someone was ill: an export that carries them
            # says so in its entry.
            absentee_notes=absentee_notes_asked(kwargs.get("export_form")),
        )
        exported = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        return exported.encode(encoding) if not native and encoding else exported

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        data.title = str(self.model._meta.verbose_name_plural)  # the sheet's name
        return data

    def get_export_filename(self, request, queryset, file_format):
        """学习活动-20261125.xlsx: what it holds, in the user's language, and Shanghai's date."""
        day = timezone.localdate()
        return f"{self.model._meta.verbose_name_plural}-{day:%Y%m%d}.{file_format.get_extension()}"

    def get_valid_export_item_pks(self, request):
        """The posted ids that are within the user's reach (the library lists every row)."""
        posted = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        return self.get_queryset(request).filter(pk__in=posted).values_list("pk", flat=True)


class ScopedImportExportMixin(ImportMixin, ScopedExportMixin):
    """Import with the library's preview and confirmation, all or nothing.

    A file is read and every row checked (the preview); only a file without a single bad row gets
    the confirm button, and the confirmed import is again all or nothing: one bad row (say, a
    unit moved out of reach in between) rolls back every row. The confirmed file becomes a job
    (`jobs`), run once however often the button is pressed.
    """

    import_job_template_name = "campaign/exchange/import_job.html"

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "campaign/exchange/import.html"
    import_form_class = ImportForm
    confirm_form_class = ConfirmImportForm

    def get_import_formats(self):
        return [IMPORT_FORMATS.get(f, f) for f in super().get_import_formats()]

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            message = str(e)
        else:
            chosen = form.cleaned_data.get("format")
            formats = self.get_import_formats()
            title = formats[int(chosen)]().get_title().upper() if chosen else ""
            message = gettext(
                "This file could not be read as %(format)s. Choose the format it was saved in "
                "(XLSX, or CSV in UTF-8)."
            ) % {"format": title}
        form.add_error("import_file", message)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "max_import_rows": MAX_IMPORT_ROWS,
            "max_import_megabytes": MAX_IMPORT_BYTES // 2**20,
        }

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if request.method == "POST" and not context.get("confirm_form"):
            # Refused: the file the library stored before reading it will never be imported.
            upload = getattr(context.get("form"), "cleaned_data", {}).get("import_file")
            if getattr(upload, "tmp_storage_name", None):
                jobs.discard(upload.tmp_storage_name)
        return response

    def get_confirm_form_initial(self, request, import_form):
        """The previewed file recorded for its user; the form carries only the record's id."""
        if import_form is None:
            return {}
        upload = import_form.cleaned_data["import_file"]
        job = jobs.preview(
            user=request.user,
            model=self.model,
            file_name=upload.tmp_storage_name,
            original_file_name=upload.name,
            file_format=self.get_import_formats()[int(import_form.cleaned_data["format"])],
            resource=self.choose_import_resource_class(import_form, request),
        )
        return {"import_job": job.pk}

    def process_import(self, request, **kwargs):
        """The confirmed file imported once: here if it is small, else by the task worker, while
        the user watches its page. A second click finds the job of the first."""
        if request.method != "POST":
            return HttpResponseRedirect(self._url("import"))
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        try:
            if not form.is_valid():
                raise LookupError
            job, new = jobs.confirm(
                form.cleaned_data["import_job"], user=request.user, model=self.model
            )
        except LookupError:
            self.message_user(
                request,
                gettext("This file is no longer on the server: choose it and preview it again."),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._url("import"))
        if new and jobs.in_request(job):
            jobs.run(job.pk)
            job.refresh_from_db()
            return self._after(request, job)
        if new:
            jobs.run_in_background.enqueue(job.pk)
        return HttpResponseRedirect(self._url("import_job", job.pk))

    def import_job_view(self, request, pk: int):
        """A confirmed import: waiting, how far it has read, or its outcome. Its own user's only."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            ImportJob.objects.exclude(status=ImportStatus.PREVIEWED),
            pk=pk,
            user=request.user,
            model=self.model._meta.label_lower,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import of “%(file)s”") % {"file": job},
            "opts": self.model._meta,
            "job": job,
            "read": jobs.progress(job),
            "stale": jobs.is_stale(job),
            "unattended": jobs.is_unattended(job),
            "changelist_url": self._url("changelist"),
            "import_url": self._url("import"),
        }
        return TemplateResponse(request, [self.import_job_template_name], context)

    def _after(self, request, job: ImportJob):
        """Where a user goes once an import in the request is done: the list, or the file again."""
        if job.status == ImportStatus.DONE:
            self.message_user(
                request,
                gettext("Import finished: %(new)d new, %(updated)d changed, %(skipped)d unchanged.")
                % {"new": job.new, "updated": job.updated, "skipped": job.skipped},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._url("changelist"))
        return HttpResponseRedirect(self._url("import_job", job.pk))

    def _url(self, name: str, *args) -> str:
        return reverse(
            "admin:{}_{}_{}".format(*self.get_model_info(), name),
            args=args,
            current_app=self.admin_site.name,
        )
