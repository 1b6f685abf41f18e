"""The admin's import and export forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm as BaseImportForm
from import_export.forms import SelectableFieldsExportForm

from campaign.exchange.readers import MAX_IMPORT_BYTES


class FileFormatLabel:
    """The format field labelled as a file's format ("Format" alone reads as a session's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].label = _("File format")


class ImportForm(FileFormatLabel, BaseImportForm):
    """The first step of an import: the file is refused here when it is empty or too big."""

    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        if import_file.size == 0:
            raise ValidationError(gettext("The file is empty."), code="empty")
        if import_file.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                gettext("The file is %(size).1f MB; an import may be at most %(limit)d MB.")
                % {"size": import_file.size / 1024 / 1024, "limit": MAX_IMPORT_BYTES // 2**20},
                code="too_large",
            )
        return import_file


class ConfirmImportForm(forms.Form):
    """The confirm button: the id of the user's previewed file (`ImportJob`), nothing more. The
    library's form posts the file's name in the storage, which a user could change."""

    import_job = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ExportForm(FileFormatLabel, SelectableFieldsExportForm):
    """The export form, its column choices labelled with the column names of the file (the
    library labels them with the fields' attribute names)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        if any(getattr(resource, "offers_absentee_notes", False) for resource in resources):
            # Notes on absence reasons may say more than the work needs (an illness): a file
            # carries them only when its exporter ticks this, never by default.
            self.fields["absentee_notes"] = forms.BooleanField(
                label=_("Include the notes on absence reasons (说明)"),
                required=False,
                initial=False,
                help_text=_(
                    "They may hold health or family details: export them only when the work "
                    "needs them. Such an export is recorded."
                ),
            )
        for resource in resources:
            made = resource()
            for name in made.get_export_order():
                if name in made.fields:
                    box = self.fields[self.create_boolean_field_name(resource, name)]
                    box.label = str(made.fields[name].column_name)
