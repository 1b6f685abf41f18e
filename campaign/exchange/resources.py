"""The campaign's spreadsheets: which columns a file of organisations, sessions or reflections
has (see `scoped` for what every resource shares).

Choices are written and read by their labels (黄浦, 集中学习), learning points by short name or
number. A row is written through `campaign.services`, like a save in the admin, so the same rules
hold for both and the derived data and history follow.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import DateTimeWidget

from campaign import services
from campaign.choices import District, OrganisationKind, ReflectionStatus, SessionFormat
from campaign.exchange.readers import MAX_IMPORT_ROWS
from campaign.exchange.scoped import ScopedResource
from campaign.exchange.widgets import (
    LOOKUP_CHUNK,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    FileOrganisationWidget,
    LearningPointsWidget,
    OrganisationWidget,
    TextWidget,
    YesNoWidget,
    is_empty,
    unit_code,
    whole,
)
from campaign.models import Organisation, Reflection, StudySession
from campaign.organisations import DISTRICT_NAMES

# Besides 黄浦, a district may be written as it is in full: 黄浦区.
DISTRICT_ALIASES = {name: district for district, name in DISTRICT_NAMES.items()}
# The fields that say where an organisation sits in the tree.
PLACE = ("parent", "district")


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

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in PLACE and not services.may_move(self.user, instance):
            # Where this unit sits is not the user's to change (their own district body, whose
            # parent is out of their reach): the cell is compared, not looked up.
            if field.column_name in row and self._moves(field, instance, row):
                raise ValueError(services.move_refused(instance))
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def _moves(self, field, instance, row) -> bool:
        if field.attribute == "parent":
            cell = row[field.column_name]
            return ("" if is_empty(cell) else unit_code(cell)) != instance.parent.code
        return field.clean(row) != instance.district

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        try:
            services.organisation_check(instance, by=self.user)  # the rules of who writes
        except ValidationError as error:
            raise self.by_column(error) from None

    def save_instance(self, instance, is_create, row, **kwargs):
        services.organisation_save(instance, by=self.user)  # as a save in the admin


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


class StudySessionResource(UnitRecordResource):
    """Study sessions keyed by their ID (empty for a new session); the unit by its code."""

    export_only = ("organisation_name", "district", "recorded_by")
    required = ("organisation", "held_on", "title", "session_format", "points", "participants")
    export_select_related = ("organisation", "recorded_by")
    export_prefetch_related = ("points",)

    id = Field(attribute="id", column_name=_("session ID"), widget=CountWidget(), readonly=True)
    organisation = Field(
        attribute="organisation",
        column_name=_("unit code"),
        widget=FileOrganisationWidget(required=True),
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
        # Files of thousands of rows: written in batches through services.sessions_save, with no
        # savepoint, diff or HTML per row; the preview shows the first rows as the file has them.
        use_bulk = True
        batch_size = MAX_IMPORT_ROWS  # one batch: the library keeps every row's instance anyway
        skip_diff = True
        store_row_values = True

    # The unit is found within the user's reach by its widget; the model's `clean` and field
    # validators hold the rules of the check constraints, which the insert tries again.
    clean_exclude = ("organisation",)
    validate_constraints = False

    def scoped(self, queryset):
        return super().scoped(queryset).select_related("organisation")

    def before_import(self, dataset, **kwargs):
        """The units the file names, and the sessions it changes, each looked up once."""
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or ()
        unit = self.fields["organisation"]
        if unit.column_name in headers:
            unit.widget.preload(dataset[unit.column_name], user=self.user)
        self._sessions = {}
        if self.fields["id"].column_name in headers:
            ids = sorted(_ids(dataset[self.fields["id"].column_name]))
            sessions = self.get_queryset().prefetch_related("points")
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = sessions.filter(pk__in=ids[start : start + LOOKUP_CHUNK])
                self._sessions.update((session.pk, session) for session in chunk)

    def dehydrate_recorded_by(self, session):
        user = session.recorded_by
        return (user.get_full_name() or user.username) if user else ""

    def get_instance(self, instance_loader, row):
        """The session of the row's ID within the user's reach; an ID beyond it is an error, not a
        new session (an exported file edited by someone else must not fork or leak rows)."""
        field = self.fields["id"]
        if is_empty(row.get(field.column_name)):
            return None
        try:
            pk = field.clean(row)
        except ValueError as error:
            raise ValidationError({field.column_name: [str(error)]}) from error
        session = self._sessions.get(pk)
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
            services.session_points(self.fields["points"].clean(row))
        except ValueError as error:
            errors["points"] = [str(error)]
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance._points = self.fields["points"].clean(row)  # written with its batch
        super().save_instance(instance, is_create, row, **kwargs)  # joins the batch

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.create_instances, dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.update_instances, dry_run, raise_errors, result)

    def _write(self, batch, dry_run, raise_errors, result) -> None:
        """A batch written as the admin writes one session: points, flags, history, roll-ups.

        The preview (a dry run) writes nothing: each row has passed every check the write relies
        on (the model's validation, its unit within reach, its points), so inserting the rows to
        roll them back would only double the wait."""
        if batch and not dry_run:
            try:
                services.sessions_save([(s, s._points) for s in batch], by=self.user)
            except Exception as error:  # as the library's own bulk writes report theirs
                self.handle_import_error(result, error, raise_errors)
        batch.clear()


def _ids(values) -> set[int]:
    """The session IDs of a column, those that read as whole numbers (others fail their row)."""
    ids = set()
    for value in values:
        with contextlib.suppress(ValueError, TypeError):
            if not is_empty(value):
                ids.add(int(whole(value)))
    return ids


class ReflectionResource(UnitRecordResource):
    """Reflections, for export only (they are written and reviewed in the portal)."""

    export_select_related = ("organisation", "point")

    organisation = Field(
        attribute="organisation",
        column_name=_("unit code"),
        widget=OrganisationWidget(),
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
