"""Import and export in the admin: mixins for a ModelAdmin whose resources are scoped to the user.

Imports are all or nothing: the file is read, checked and tried in a transaction that is rolled
back (the preview), and the confirmed import runs in one transaction too.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from import_export.admin import ExportMixin, ImportMixin

from campaign.exchange.forms import ExportForm, ImportForm
from campaign.exchange.readers import (
    IMPORT_FORMATS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportFileError,
)


class ScopedExportMixin(ExportMixin):
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

    def get_valid_export_item_pks(self, request):
        """The posted ids that are within the user's reach (the library lists every row)."""
        posted = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        return self.get_queryset(request).filter(pk__in=posted).values_list("pk", flat=True)


class ScopedImportExportMixin(ImportMixin, ScopedExportMixin):
    """Import with the library's preview and confirmation, all or nothing.

    A file is read, checked and tried in a transaction that is rolled back (the preview); only a
    file without a single bad row gets the confirm button, and the confirmed import is again all
    or nothing: one bad row (say, a unit moved out of reach in between) rolls back every row.
    """

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "campaign/exchange/import.html"
    import_form_class = ImportForm

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

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Rolled back: say so, instead of the library's "Import finished: 0 new, …".
            self.message_user(
                request,
                gettext(
                    "Nothing was imported: some rows have errors. Check the file and import it "
                    "again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(
                    "admin:{}_{}_import".format(*self.get_model_info()),
                    current_app=self.admin_site.name,
                )
            )
        return super().process_result(result, request)
