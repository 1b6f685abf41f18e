"""Import and export in the admin: file checks, cell widgets, forms and the admin mixins.

The resources (`campaign.resources`) say which columns a file has; this module says how a cell
is read and written and how a file is refused before any row is looked at:

- a file over `MAX_IMPORT_BYTES` (5 MB) or with more than `MAX_IMPORT_ROWS` (5,000) data rows is
  refused with a message, as is an empty file or one that is not a spreadsheet of the chosen
  format. Each row is validated, saved and recorded in the history (about 6 ms a row on a
  laptop), once for the preview and once for the confirmation, each in its own request: 5,000
  rows stay well inside gunicorn's 60-second timeout. A district's sessions of a year are a few
  thousand rows; bigger files are split;
- XLSX is read in openpyxl's streaming mode and stops at the row limit, so a small file that
  unpacks to millions of rows is refused without being loaded;
- CSV is read as UTF-8 and, failing that, as GB18030, the encoding Excel uses on Chinese Windows;
- a cell that starts with =, +, -, @ (or a tab or carriage return) is written with a leading
  apostrophe, so no spreadsheet runs it as a formula; on import that apostrophe is taken off
  again, so an exported file imports unchanged.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm as BaseImportForm
from import_export.forms import SelectableFieldsExportForm
from import_export.widgets import ManyToManyWidget, Widget

from campaign.querysets import reaches

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000

# Characters that make a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
# Separators of several values in one cell: 政治品格、敬业精神 or 1,2 or 1，2.
LIST_SEPARATORS = ("、", "，", ",", ";", "；")


class ImportFileError(Exception):
    """A file refused as a whole; the message is shown to the user as it is."""


def escape_formula(value):
    """The cell value a spreadsheet shows as text, never runs: '=SUM(A1) for =SUM(A1)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return FORMULA_GUARD + value
    return value


def unescape_formula(value: str) -> str:
    """The value `escape_formula` was given."""
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def in_every_language(label) -> set[str]:
    """A lazy label as it reads in each of the site's languages (files travel between users)."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(label))
    return names


# --- Formats ----------------------------------------------------------------------------------


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        gettext(
            "The file has more than %(limit)d rows of data; split it into files of at most "
            "%(limit)d rows."
        )
        % {"limit": MAX_IMPORT_ROWS}
    )


def _dataset(rows) -> tablib.Dataset:
    """A Dataset of the header row and the data rows, blank rows left out, within the limit."""
    rows = iter(rows)
    headers = next(rows, None)
    dataset = tablib.Dataset()
    if headers is None:
        return dataset
    headers = ["" if cell is None else str(cell).strip() for cell in headers]
    while headers and not headers[-1]:
        headers.pop()  # Excel often carries empty, formatted columns after the data
    width = len(headers)
    dataset.headers = headers
    for row in rows:
        row = list(row)[:width]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        if dataset.height >= MAX_IMPORT_ROWS:
            raise _too_many_rows()
        dataset.append(row + [None] * (width - len(row)))
    return dataset


class XLSX(base_formats.XLSX):
    """XLSX import that streams the first sheet and stops at the row limit."""

    def create_dataset(self, in_stream):
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
            raise ImportFileError(
                gettext("This file is not an XLSX spreadsheet, or it is damaged.")
            ) from error
        try:
            return _dataset(book.active.iter_rows(values_only=True))
        finally:
            book.close()


class CSV(base_formats.CSV):
    """CSV import in UTF-8 (with or without BOM) or GB18030, within the row limit.

    Read as bytes so that the encoding can be chosen here rather than by the admin.
    """

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    in_stream = in_stream.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ImportFileError(
                    gettext(
                        "This CSV file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8."
                    )
                )
        if "\x00" in in_stream:
            raise ImportFileError(gettext("This file is not a CSV text file."))
        try:
            return _dataset(csv.reader(io.StringIO(in_stream, newline="")))
        except csv.Error as error:
            raise ImportFileError(gettext("This file is not a CSV text file.")) from error


# The library's formats as configured in settings, and what the admin imports them with.
IMPORT_FORMATS = {base_formats.XLSX: XLSX, base_formats.CSV: CSV}


# --- Widgets: one cell to a value and back ----------------------------------------------------


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class CellWidget(Widget):
    """A widget whose empty cell is an error when `required`."""

    def __init__(self, *, required: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.required = required

    def empty(self):
        if self.required:
            raise ValueError(gettext("This cell cannot be empty."))
        return None


class TextWidget(CellWidget):
    """Text as written, trimmed like a form field, with the formula guard taken off."""

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            self.empty()
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code or number typed into a text column
        return unescape_formula(str(value).strip()).replace("\r\n", "\n").replace("\r", "\n")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CountWidget(CellWidget):
    """A whole number of people (or an id): not negative, not a fraction."""

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return self.empty()
        number = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            try:
                number = int(value.strip())
            except ValueError:
                number = None
        if number is None:
            raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": value})
        if number < 0:
            raise ValueError(gettext("The number cannot be negative."))
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DateWidget(CellWidget):
    """YYYY-MM-DD (or YYYY/MM/DD, YYYY年MM月DD日) in text; a date cell or serial from Excel."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S")

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return self.empty()
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(value).date()
            except (ValueError, OverflowError, AttributeError):
                pass
        else:
            text = str(value).strip()
            for date_format in self.FORMATS:
                try:
                    return datetime.datetime.strptime(text, date_format).date()
                except ValueError:
                    continue
        raise ValueError(
            gettext("“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2019-04-03.")
            % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        if not isinstance(value, datetime.date):
            return ""
        if kwargs.get("force_native_type"):
            return value
        return value.strftime("%Y-%m-%d")


class ChoiceWidget(CellWidget):
    """A choice by its label (in any of the site's languages) or stored value; exported as label."""

    def __init__(self, choices, *, aliases: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.aliases = aliases or {}
        self._lookup = None

    def lookup(self) -> dict[str, object]:
        if self._lookup is None:
            lookup = {str(value): value for value in self.choices.values}
            for value, label in zip(self.choices.values, self.choices.labels, strict=True):
                for name in in_every_language(label):
                    lookup[name] = value
                    lookup[name.casefold()] = value
            for name, value in self.aliases.items():
                lookup[name] = value
            self._lookup = lookup
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return self.empty()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        lookup = self.lookup()
        if text in lookup:
            return lookup[text]
        if text.casefold() in lookup:
            return lookup[text.casefold()]
        raise ValueError(
            gettext("“%(value)s” is not one of the choices: %(choices)s.")
            % {"value": value, "choices": "、".join(str(label) for label in self.choices.labels)}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value)


class YesNoWidget(CellWidget):
    """是/否 (Yes/No in English), also 1/0 and true/false."""

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return self.empty()
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        yes = {"1", "true", "y", "yes", *(n.casefold() for n in in_every_language(_("Yes")))}
        no = {"0", "false", "n", "no", *(n.casefold() for n in in_every_language(_("No")))}
        if text in yes:
            return True
        if text in no:
            return False
        raise ValueError(
            gettext("“%(value)s” is neither “%(yes)s” nor “%(no)s”.")
            % {"value": value, "yes": gettext("Yes"), "no": gettext("No")}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return gettext("Yes") if value else gettext("No")


class OrganisationWidget(CellWidget):
    """An organisation by its code, which must lie within the importing user's reach."""

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def find(self, code: str):
        from campaign.models import Organisation

        return Organisation.objects.filter(code=code).first()

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return self.empty()
        code = unescape_formula(str(value).strip())
        organisation = self.find(code)
        if organisation is None:
            raise ValueError(gettext("No unit has the code “%(code)s”.") % {"code": code})
        if self.user is None or not reaches(self.user, organisation):
            raise ValueError(
                gettext(
                    "The unit “%(code)s” (%(name)s) is outside your reach: you can import only "
                    "for the units you manage."
                )
                % {"code": code, "name": organisation.name}
            )
        return organisation

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class CachedOrganisationWidget(OrganisationWidget):
    """For session files: many rows name the same few units, which the import does not change."""

    def find(self, code: str):
        cache = self.__dict__.setdefault("_cache", {})
        if code not in cache:
            cache[code] = super().find(code)
        return cache[code]


class LearningPointsWidget(ManyToManyWidget):
    """Learning points by number (1–4) or short name, separated by 、 or a comma."""

    def __init__(self, **kwargs):
        from documents.models import LearningPoint

        super().__init__(LearningPoint, **kwargs)
        self._points = None

    def points(self) -> dict[str, object]:
        if self._points is None:
            self._points = {}
            for point in self.model.objects.all():
                self._points[str(point.number)] = point
                self._points[point.short_name] = point
                self._points[str(point)] = point  # "1. 政治品格", as the admin lists them
        return self._points

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return []
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        for separator in LIST_SEPARATORS[1:]:
            text = text.replace(separator, LIST_SEPARATORS[0])
        points, known = [], self.points()
        for name in (part.strip() for part in text.split(LIST_SEPARATORS[0])):
            if not name:
                continue
            if name not in known:
                names = "、".join(
                    point.short_name for key, point in known.items() if key == point.short_name
                )
                raise ValueError(
                    gettext(
                        "There is no learning point “%(value)s”: use the numbers 1–4 or the "
                        "short names %(names)s."
                    )
                    % {"value": name, "names": names}
                )
            if known[name] not in points:
                points.append(known[name])
        return points

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "、".join(point.short_name for point in value.all())


# --- Forms ------------------------------------------------------------------------------------


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


class ExportForm(FileFormatLabel, SelectableFieldsExportForm):
    """The export form, its column choices labelled with the column names of the file."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


# --- Admin mixins -----------------------------------------------------------------------------


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
    import_template_name = "admin/import_export/campaign_import.html"
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
