"""The bases of the campaign's resources: a resource made for one user, that never sees beyond
that user's reach, reads a file with the column names of any of the site's languages and reports
every bad row by its columns.

Every resource is made for one user (`user=`; the admin passes the request's): `get_queryset`
(what an import may update) and `filter_export` (what an export may write) both go through
`visible_to(user)`, and a unit named in a row must be within reach too (`widgets`). Without a
user a resource sees nothing. Columns are named in the interface language (Chinese by default).
Model validation runs on every row (`full_clean`), so the rules and messages of the models and
the admin's forms apply to imports as well.
"""

from __future__ import annotations

from copy import deepcopy

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.widgets import ManyToManyWidget

from campaign.choices import District
from campaign.exchange.escaping import escape_formula
from campaign.exchange.readers import ImportFileError
from campaign.exchange.widgets import ChoiceWidget, in_every_language

PROGRESS_EVERY = 500  # rows between two reports of an import's progress


def _same(a, b) -> bool:
    """Equal for the purpose of "unchanged": text compared as an import would store it."""
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()
    return a == b


class ScopedResource(resources.ModelResource):
    """A resource for one user's reach, with the checks and messages every campaign file shares."""

    #: Fields that are written to files but never read from them (e.g. the unit's name).
    export_only: tuple[str, ...] = ()
    #: Fields whose column a file must have to be imported.
    required: tuple[str, ...] = ()
    #: Model fields the import never sets, left out of `full_clean` (as a ModelForm would).
    clean_exclude: tuple[str, ...] = ()
    #: Related rows an export reads, fetched with the rows rather than one query per row.
    export_select_related: tuple[str, ...] = ()
    export_prefetch_related: tuple[str, ...] = ()
    #: Whether a row's check constraints are tried one query each; a resource whose rules are
    #: all in the model's `clean` and field validators leaves them to the database's insert.
    validate_constraints = True

    #: Called with the number of rows read so far, every `PROGRESS_EVERY` rows (a background
    #: import shows it on its page).
    on_progress = None

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._import_fields = None
        self._rows_read = 0
        self._stored = None  # the row's object as stored, before the file's values (`skip_row`)
        for field in self.fields.values():
            field.column_name = str(field.column_name)  # in the language of this request

    # --- Scope ---------------------------------------------------------------------------

    def scoped(self, queryset: QuerySet) -> QuerySet:
        if self.user is None:
            return queryset.none()
        return queryset.visible_to(self.user)

    def get_queryset(self):
        return self.scoped(self._meta.model.objects.all())

    def filter_export(self, queryset, **kwargs):
        queryset = self.scoped(queryset).select_related(*self.export_select_related)
        if self.export_prefetch_related:
            queryset = queryset.prefetch_related(*self.export_prefetch_related)
        return queryset

    # --- Export --------------------------------------------------------------------------

    def iter_queryset(self, queryset):
        """Rows in chunks: a server-side cursor where the database has one, prefetching per chunk
        (the library pages with OFFSET instead when there is a prefetch)."""
        if not isinstance(queryset, QuerySet):
            yield from queryset
            return
        yield from queryset.iterator(chunk_size=self.get_chunk_size())

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    # --- Import: the file ----------------------------------------------------------------

    def get_import_fields(self):
        if self._import_fields is None:
            names = {id(self.fields[name]) for name in self.export_only}
            self._import_fields = [
                field for field in super().get_import_fields() if id(field) not in names
            ]
        return self._import_fields

    def get_user_visible_fields(self):
        return [
            field
            for field in self.get_import_fields()
            if not field.readonly or field.attribute == "id"
        ]

    def header_names(self) -> dict[str, str]:
        """Every name a column may have in a file (any language) → its name in this request."""
        names = {}
        for name, field in type(self).fields.items():
            for alias in in_every_language(field.column_name):
                names[alias] = self.fields[name].column_name
        return names

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        names = self.header_names()
        if dataset.headers:
            dataset.headers = [
                names.get(str(header or "").strip(), str(header or "").strip())
                for header in dataset.headers
            ]
        headers = set(dataset.headers or ())
        missing = [
            self.fields[name].column_name
            for name in self.required
            if self.fields[name].column_name not in headers
        ]
        if missing:
            # Refused as a whole, before any row: every row would fail for the same reason.
            error = ImportFileError(
                gettext(
                    "The file has no column %(missing)s. The first row must name the columns: "
                    "%(columns)s."
                )
                % {
                    "missing": "、".join(f"“{name}”" for name in missing),
                    "columns": "、".join(field.column_name for field in self.get_import_fields()),
                }
            )
            if raise_errors:
                raise error
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            result.append_base_error(self.get_error_result_class()(error))
            return result
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    # --- Import: each row ----------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        self._rows_read += 1
        if self.on_progress is not None and self._rows_read % PROGRESS_EVERY == 0:
            self.on_progress(self._rows_read)
        return result

    def column_of(self, key: str) -> str:
        """The column (or, failing that, the model field) an error key names."""
        if key == NON_FIELD_ERRORS:
            return key
        for field in self.fields.values():
            if field.attribute == key:
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation, with the widgets' errors, keyed by the file's columns."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude={*errors, *self.clean_exclude},
                validate_unique=validate_unique,
                validate_constraints=self.validate_constraints,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise self.by_column(ValidationError(errors))

    def by_column(self, error: ValidationError) -> ValidationError:
        """The errors of a row keyed by the file's columns instead of the model's fields."""
        by_column = {}
        for key, messages in error.message_dict.items():
            by_column.setdefault(self.column_of(key), []).extend(messages)
        return ValidationError(by_column)

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        # Without the library's per-row diff, keep what `skip_row` compares the row with.
        self._stored = deepcopy(instance) if not new and self._meta.skip_diff else None
        return instance, new

    def row_m2m(self, field, row) -> list:
        """What a many-to-many column of the row names (read again, by default)."""
        return field.clean(row)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped: not saved, so no history record and no admin log entry."""
        original = original or self._stored
        if import_validation_errors or not self._meta.skip_unchanged or original is None:
            return False
        for field in self.get_import_fields():
            if field.readonly:
                continue
            if isinstance(field.widget, ManyToManyWidget):
                if field.column_name not in row:
                    continue
                new = sorted(item.pk for item in self.row_m2m(field, row))
                old = (
                    sorted(item.pk for item in field.get_value(original).all())
                    if original.pk
                    else []
                )
                if new != old:
                    return False
            elif not _same(field.get_value(instance), field.get_value(original)):
                return False
        return True


class UnitRecordResource(ScopedResource):
    """Records of a unit: the unit's name and district are written beside its code, for people
    reading the file (an import reads the code)."""

    organisation_name = Field(
        attribute="organisation__name", column_name=_("unit name"), readonly=True
    )
    district = Field(
        attribute="organisation__district",
        column_name=_("district"),
        widget=ChoiceWidget(District),
        readonly=True,
    )
