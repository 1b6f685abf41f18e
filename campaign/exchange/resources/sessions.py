"""The sessions file: study sessions keyed by their ID (empty for a new session), the unit by its
code, with their learning points, absentees and whom each makes up for.

Files of thousands of rows are written in batches through `services.sessions_save`, as the admin
writes one session. What a row says beyond the session's own fields (its points, absentees and
make-ups) is kept for the row in the import's own state (`SessionsFile`), never on the session.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from campaign import services
from campaign.choices import SessionFormat
from campaign.exchange.absentee_cells import (
    AbsenteesField,
    MadeUpField,
    keep_stored_notes,
    stored_absentees,
    stored_made_up,
)
from campaign.exchange.point_cells import PointCells
from campaign.exchange.readers import MAX_IMPORT_ROWS
from campaign.exchange.resources.make_ups import MakeUps
from campaign.exchange.resources.scoped import UnitRecordResource
from campaign.exchange.widgets import (
    LOOKUP_CHUNK,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    FileOrganisationWidget,
    LearningPointsWidget,
    TextWidget,
    is_empty,
    whole,
)
from campaign.models import StudySession

# What a sessions file reads of its absentees and make-ups with its rows (see `before_import`).
SESSION_RELATED = ("points", "absentees", "made_up_absentees__session")


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


def _changed(given: list | None, stored: list) -> list | None:
    """What the file gives, when it differs from what is stored; None (leave as stored) when it
    does not or the file has no such column: the batch writes only what changes."""
    if given is None or sorted(given) == sorted(stored):
        return None
    return given


@dataclass
class SessionRow:
    """What one row says beyond the session's own fields. None: the file has no such column,
    and what is stored stays."""

    points: list = field(default_factory=list)
    absentees: list[tuple[str, str, str]] | None = None
    made_up: list[int] | None = None

    def absences(self, session: StudySession) -> services.Absences:
        """The absentees and make-ups the row changes (None where it changes nothing)."""
        return services.Absences(
            absentees=_changed(self.absentees, stored_absentees(session)),
            made_up=_changed(self.made_up, stored_made_up(session)),
        )


@dataclass
class SessionsFile:
    """The state of one import of a sessions file, looked up once for the whole file."""

    #: The sessions the file's IDs name, within the user's reach, with what a row compares.
    sessions: dict[int, StudySession] = field(default_factory=dict)
    make_ups: MakeUps | None = None
    #: The campaigns and their points, and the rule of which a session may cover (`PointRule`).
    cells: PointCells | None = None
    #: The row being read: `import_instance`, `skip_row` and `save_instance` take turns on it.
    row: SessionRow = field(default_factory=SessionRow)
    #: The rows waiting for their batch, by the session they save (`id()`: a new session has no
    #: primary key yet, and the library holds each session until its batch is written).
    waiting: dict[int, tuple[list, services.Absences]] = field(default_factory=dict)


class StudySessionResource(UnitRecordResource):
    """Study sessions keyed by their ID (empty for a new session); the unit by its code."""

    export_only = ("organisation_name", "district", "recorded_by")
    required = ("organisation", "held_on", "title", "session_format", "points", "participants")
    export_select_related = ("organisation", "recorded_by")
    export_prefetch_related = SESSION_RELATED
    #: The export form offers to include the absentees' notes (`ExportForm`), off by default.
    offers_absentee_notes = True

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
    # Empty cells mean "no one" (absent, made up); a file without the column leaves them as
    # stored.
    absentees = AbsenteesField(
        attribute="absentees", column_name=_("absentees and reasons"), widget=TextWidget()
    )
    absence_note = Field(
        attribute="absence_note", column_name=_("other notes on absence"), widget=TextWidget()
    )
    made_up = MadeUpField(attribute="made_up", column_name=_("makes up for"), widget=TextWidget())
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
            "absence_note",
            "made_up",
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

    def __init__(self, user=None, with_notes: bool = False, **kwargs):
        super().__init__(user=user, **kwargs)
        self.file = SessionsFile()
        self.fields["absentees"].with_notes = with_notes

    def scoped(self, queryset):
        return super().scoped(queryset).select_related("organisation")

    def before_import(self, dataset, **kwargs):
        """The units the file names, the sessions it changes (with their absentees and whom they
        make up for) and the absentees it names as made up, each looked up once."""
        super().before_import(dataset, **kwargs)
        self.file = SessionsFile(cells=PointCells.load())
        self.fields["points"].widget.cells = self.file.cells
        headers = dataset.headers or ()
        unit = self.fields["organisation"]
        if unit.column_name in headers:
            unit.widget.preload(dataset[unit.column_name], user=self.user)
        if self.fields["id"].column_name in headers:
            ids = sorted(_ids(dataset[self.fields["id"].column_name]))
            sessions = self.get_queryset().prefetch_related(*SESSION_RELATED)
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = sessions.filter(pk__in=ids[start : start + LOOKUP_CHUNK])
                self.file.sessions.update((session.pk, session) for session in chunk)
        made_up = self.fields["made_up"]
        if unit.column_name in headers and made_up.column_name in headers:
            self.file.make_ups = MakeUps(
                units=unit.widget.units or {},
                codes=dataset[unit.column_name],
                cells=dataset[made_up.column_name],
                read_cell=lambda cell: made_up.clean({made_up.column_name: cell}),
            )

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
        session = self.file.sessions.get(pk)
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
        """The session's own fields, then what the row says of its points, absentees and
        make-ups (the library sets many-to-many fields only after saving): each checked by the
        rules of the write, so the preview refuses what the write would."""
        self.file.row = read = SessionRow()
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            read.points = self._points(instance, row, errors)
        except ValueError as error:
            errors["points"] = [str(error)]
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        absentees = self.fields["absentees"]
        if absentees.column_name in row:
            try:
                read.absentees = keep_stored_notes(absentees.clean(row), stored_absentees(instance))
            except ValueError as error:
                errors["absentees"] = [str(error)]
        made_up = self.fields["made_up"]
        if made_up.column_name in row and not errors.keys() & {"organisation", "made_up"}:
            try:
                pairs = made_up.clean(row)
                read.made_up = self.file.make_ups.absentees(
                    instance, pairs, kwargs.get("row_number")
                )
            except ValueError as error:
                errors["made_up"] = [str(error)]
            else:
                if read.made_up and "held_on" not in errors:
                    for name, message in services.makeup_problems(instance, read.made_up).items():
                        errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _points(self, instance, row, errors) -> list:
        """The row's points, named by campaign (`point_cells`), each of a campaign that calls
        the row's unit and runs on its date, by the rule of the write (`session_points`), read
        once for the file; the points a stored session had stay, as in the admin's form.
        ValueError or ValidationError says what is wrong."""
        if self.file.cells is None:  # a row read without its file (`before_import`)
            self.file.cells = self.fields["points"].widget.cells = PointCells.load()
        unit = None
        if instance.organisation_id is not None and "organisation" not in errors:
            unit = instance.organisation
        day = instance.held_on if "held_on" not in errors else None
        kept = list(instance.points.all()) if instance.pk is not None else []
        points = self.fields["points"].clean(row, unit=unit, day=day, kept=kept)
        return services.session_points(
            points,
            unit=unit,
            held_on=day,
            kept=[point.pk for point in kept],
            rule=self.file.cells.rule,
        )

    def row_m2m(self, field, row) -> list:
        """The points `import_instance` read for the row (reading them needs the row's unit)."""
        if field is self.fields["points"]:
            return self.file.row.points
        return super().row_m2m(field, row)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped, their absentees and make-ups as stored included."""
        return (
            super().skip_row(instance, original, row, import_validation_errors)
            and self.file.row.absences(instance) == services.Absences()
        )

    def before_save_instance(self, instance, row, **kwargs):
        # Written with its batch: the points, and the absentees and make-ups that change.
        read = self.file.row
        self.file.waiting[id(instance)] = (read.points, read.absences(instance))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.create_instances, dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.update_instances, dry_run, raise_errors, result)

    def _write(self, batch, dry_run, raise_errors, result) -> None:
        """A batch written as the admin writes one session: points, absentees and make-ups,
        flags, history, roll-ups.

        The preview (a dry run) writes nothing: each row has passed every check the write relies
        on (the model's validation, its unit within reach, its points), so inserting the rows to
        roll them back would only double the wait."""
        rows = [(session, *self.file.waiting.pop(id(session))) for session in batch]
        if rows and not dry_run:
            try:
                services.sessions_save(rows, by=self.user)
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
