"""The campaign's spreadsheets: which columns a file of organisations, sessions or reflections has.

Every resource is made for one user (`user=`; the admin passes the request's) and never sees
beyond that user's reach: `get_queryset` (what an import may update) and `filter_export` (what an
export may write) both go through `visible_to(user)`, and a unit named in a row must be within
reach too. Without a user a resource sees nothing.

Columns are named in the interface language (Chinese by default) and a file is read with the
names of any of the site's languages, so a file exported in English imports in Chinese. Choices
are written and read by their labels (黄浦, 集中学习), learning points by short name or number.
Model validation runs on every row (`full_clean`), so the rules and messages of the models and
the admin forms apply to imports as well.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.widgets import DateTimeWidget, ManyToManyWidget

from campaign.choices import District, OrganisationKind, ReflectionStatus, SessionFormat
from campaign.imports import (
    CachedOrganisationWidget,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    ImportFileError,
    LearningPointsWidget,
    OrganisationWidget,
    TextWidget,
    YesNoWidget,
    escape_formula,
    in_every_language,
    unescape_formula,
)
from campaign.models import Organisation, Reflection, StudySession
from campaign.organisations import DISTRICT_NAMES
from campaign.querysets import reaches

# Besides 黄浦, a district may be written as it is in full: 黄浦区.
DISTRICT_ALIASES = {name: district for district, name in DISTRICT_NAMES.items()}


def _same(a, b) -> bool:
    """Equal for the purpose of "unchanged": text compared as an import would store it."""
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()
    return a == b


class PointsField(Field):
    """The learning points, none before the session is saved.

    Django refuses a many-to-many manager of an unsaved row with a message that includes the
    row's `str`, and `StudySession.__str__` cannot format a missing date; so no manager is asked
    for until the row has a primary key.
    """

    def get_value(self, instance):
        if instance.pk is None:
            return None
        return super().get_value(instance)


class NewRowDiff(resources.Diff):
    """The preview of a new row leaves its ID empty: the dry run's ID is not the one it gets."""

    def compare_with(self, resource, instance):
        super().compare_with(resource, instance)
        if self.new:
            fields = resource.get_import_fields()
            self.right = [
                "" if field.attribute == "id" else value
                for field, value in zip(fields, self.right, strict=True)
            ]


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

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._import_fields = None
        for field in self.fields.values():
            field.column_name = str(field.column_name)  # in the language of this request
            if hasattr(field.widget, "user"):
                field.widget.user = user

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
                exclude={*errors, *self.clean_exclude}, validate_unique=validate_unique
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            by_column = {}
            for key, messages in ValidationError(errors).message_dict.items():
                by_column.setdefault(self.column_of(key), []).extend(messages)
            raise ValidationError(by_column)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped: not saved, so no history record and no admin log entry."""
        if import_validation_errors or not self._meta.skip_unchanged or original is None:
            return False
        for field in self.get_import_fields():
            if field.readonly:
                continue
            if isinstance(field.widget, ManyToManyWidget):
                if field.column_name not in row:
                    continue
                new = sorted(item.pk for item in field.clean(row))
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

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user  # simple_history: who made this version


class OrganisationResource(ScopedResource):
    """Organisations keyed by their code; the parent by its code."""

    clean_exclude = ("path", "depth")
    required = ("code", "name", "kind", "district")
    export_select_related = ("parent",)

    code = Field(attribute="code", column_name=_("unit code"), widget=TextWidget(required=True))
    name = Field(attribute="name", column_name=_("unit name"), widget=TextWidget(required=True))
    kind = Field(
        attribute="kind",
        column_name=_("kind"),
        widget=ChoiceWidget(OrganisationKind, required=True),
    )
    district = Field(
        attribute="district",
        column_name=_("district"),
        widget=ChoiceWidget(District, aliases=DISTRICT_ALIASES, required=True),
    )
    parent = Field(
        attribute="parent", column_name=_("parent unit code"), widget=OrganisationWidget()
    )
    is_active = Field(
        attribute="is_active", column_name=_("active"), widget=YesNoWidget(), default=True
    )

    class Meta:
        model = Organisation
        name = _("organisations")
        fields = ("code", "name", "kind", "district", "parent", "is_active")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def scoped(self, queryset):
        return super().scoped(queryset).select_related("parent")

    def _anchored(self, instance) -> bool:
        """An existing unit whose parent is out of reach (a district admin's own district body):
        like the admin's form, the import may rename it but not move it."""
        return bool(
            instance.pk
            and instance.parent_id
            and (self.user is None or not reaches(self.user, instance.parent))
        )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in {"parent", "district"} and self._anchored(instance):
            if field.column_name not in row:
                return
            if field.attribute == "parent":
                new = unescape_formula(str(row[field.column_name] or "").strip())
                current = instance.parent.code
            else:
                new, current = field.clean(row), instance.district
            if new != current:
                raise ValueError(
                    gettext(
                        "Only a campaign admin can change the parent unit or district of "
                        "“%(name)s”."
                    )
                    % {"name": instance.name}
                )
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        top_level = "parent" not in errors and instance.parent_id is None
        if top_level and (self.user is None or not self.user.is_campaign_admin):
            # As in the admin's form: only a campaign admin creates top-level bodies.
            errors["parent"] = [
                gettext(
                    "Only a campaign admin can add a top-level organisation: give the code of "
                    "the parent unit."
                )
            ]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        # The parent is within reach, and a unit takes its parent's district; this catches what
        # those rules would not (a district admin's unit under a city-level body, say).
        if self.user is None or not reaches(self.user, instance):
            raise ValidationError(
                {
                    self.fields["district"].column_name: [
                        gettext("This organisation would be outside your reach.")
                    ]
                }
            )


class StudySessionResource(ScopedResource):
    """Study sessions keyed by their ID (empty for a new session); the unit by its code."""

    export_only = ("organisation_name", "district", "recorded_by")
    required = ("organisation", "held_on", "title", "session_format", "points", "participants")
    export_select_related = ("organisation", "recorded_by")
    export_prefetch_related = ("points",)

    id = Field(attribute="id", column_name=_("session ID"), widget=CountWidget(), readonly=True)
    organisation = Field(
        attribute="organisation",
        column_name=_("unit code"),
        widget=CachedOrganisationWidget(required=True),
    )
    organisation_name = Field(
        attribute="organisation__name", column_name=_("unit name"), readonly=True
    )
    district = Field(
        attribute="organisation__district",
        column_name=_("district"),
        widget=ChoiceWidget(District),
        readonly=True,
    )
    held_on = Field(
        attribute="held_on", column_name=_("date held"), widget=DateWidget(required=True)
    )
    title = Field(attribute="title", column_name=_("title"), widget=TextWidget(required=True))
    # Not named "format": the export form strips the resource's prefix from its checkboxes, and
    # a field called "format" would overwrite the form's own choice of file format.
    session_format = Field(
        attribute="format",
        column_name=_("format"),
        widget=ChoiceWidget(SessionFormat, required=True),
    )
    points = PointsField(
        attribute="points", column_name=_("learning points"), widget=LearningPointsWidget()
    )
    host = Field(attribute="host", column_name=_("host or speaker"), widget=TextWidget())
    venue = Field(attribute="venue", column_name=_("venue"), widget=TextWidget())
    participants = Field(
        attribute="participants",
        column_name=_("participants"),
        widget=CountWidget(required=True),
    )
    party_members = Field(
        attribute="party_members",
        column_name=_("party members among them"),
        widget=CountWidget(),
        default=0,
    )
    absentees = Field(
        attribute="absentees", column_name=_("absentees and reasons"), widget=TextWidget()
    )
    summary = Field(attribute="summary", column_name=_("summary or minutes"), widget=TextWidget())
    recorded_by = Field(attribute="recorded_by", column_name=_("recorded by"), readonly=True)

    class Meta:
        model = StudySession
        name = _("study sessions")
        fields = (
            "id",
            "organisation",
            "organisation_name",
            "district",
            "held_on",
            "title",
            "session_format",
            "points",
            "host",
            "venue",
            "participants",
            "party_members",
            "absentees",
            "summary",
            "recorded_by",
        )
        import_id_fields = ["id"]  # a list: the library then lets a file of new rows omit it
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def scoped(self, queryset):
        return super().scoped(queryset).select_related("organisation")

    @classmethod
    def get_diff_class(cls):
        return NewRowDiff

    def dehydrate_recorded_by(self, session):
        user = session.recorded_by
        return (user.get_full_name() or user.username) if user else ""

    def get_instance(self, instance_loader, row):
        """The session of the row's ID within the user's reach; an ID beyond it is an error, not a
        new session (an exported file edited by someone else must not fork or leak rows)."""
        field = self.fields["id"]
        if _blank(row.get(field.column_name)):
            return None
        try:
            pk = field.clean(row)
        except ValueError as error:
            raise ValidationError({field.column_name: [str(error)]}) from error
        session = self.get_queryset().prefetch_related("points").filter(pk=pk).first()
        if session is None:
            raise ValidationError(
                {
                    field.column_name: [
                        gettext(
                            "No study session with the ID %(id)s is within your reach; leave the "
                            "ID empty to add a new session."
                        )
                        % {"id": pk}
                    ]
                }
            )
        return session

    def import_instance(self, instance, row, **kwargs):
        """The library sets many-to-many fields only after saving: check the points first."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            points = self.fields["points"].clean(row)
        except ValueError as error:
            errors["points"] = [str(error)]
        else:
            if not points:
                errors["points"] = [gettext("Choose at least one learning point.")]
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance._state.adding:
            instance.recorded_by = self.user


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class ReflectionResource(ScopedResource):
    """Reflections, for export only (they are written and reviewed in the portal)."""

    export_select_related = ("organisation", "point")

    organisation = Field(
        attribute="organisation",
        column_name=_("unit code"),
        widget=OrganisationWidget(),
        readonly=True,
    )
    organisation_name = Field(
        attribute="organisation__name", column_name=_("unit name"), readonly=True
    )
    district = Field(
        attribute="organisation__district",
        column_name=_("district"),
        widget=ChoiceWidget(District),
        readonly=True,
    )
    point = Field(attribute="point__short_name", column_name=_("learning point"), readonly=True)
    session = Field(attribute="session_id", column_name=_("session ID"), readonly=True)
    title = Field(attribute="title", column_name=_("title"), readonly=True)
    author_name = Field(attribute="author_name", column_name=_("author"), readonly=True)
    author_position = Field(
        attribute="author_position", column_name=_("author's position"), readonly=True
    )
    body = Field(attribute="body", column_name=_("text"), readonly=True)
    status = Field(
        attribute="status",
        column_name=_("status"),
        widget=ChoiceWidget(ReflectionStatus),
        readonly=True,
    )
    public_consent = Field(
        attribute="public_consent",
        column_name=_("author agrees to public display"),
        widget=YesNoWidget(),
        readonly=True,
    )
    created_at = Field(
        attribute="created_at",
        column_name=_("recorded at"),
        widget=DateTimeWidget(format="%Y-%m-%d %H:%M"),
        readonly=True,
    )

    class Meta:
        model = Reflection
        name = _("reflections")
        fields = (
            "organisation",
            "organisation_name",
            "district",
            "point",
            "session",
            "title",
            "author_name",
            "author_position",
            "body",
            "status",
            "public_consent",
            "created_at",
        )
