"""The campaign's spreadsheets: which columns a file of organisations, sessions or reflections
has (see `scoped` for what every resource shares).

Choices are written and read by their labels (黄浦, 集中学习), learning points by short name or
number. A row is written through `campaign.services`, like a save in the admin, so the same rules
hold for both and the derived data and history follow.
"""

from __future__ import annotations

import contextlib
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import DateTimeWidget

from campaign import services
from campaign.absences import (
    NAME_MOST,
    NOTE_MOST,
    SEPARATORS,
    format_absentees,
    format_made_up,
    parse_absentees,
    parse_made_up,
)
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
    shown,
    unit_code,
    whole,
)
from campaign.models import Absentee, Organisation, Reflection, StudySession
from campaign.organisations import DISTRICT_NAMES

# Besides 黄浦, a district may be written as it is in full: 黄浦区.
DISTRICT_ALIASES = {name: district for district, name in DISTRICT_NAMES.items()}
# The fields that say where an organisation sits in the tree.
PLACE = ("parent", "district")
# What a session's file reads of its absentees and make-ups with its rows (see `before_import`).
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


def _items(text: str, *, longest: int, message: str, **says) -> str:
    """A cell of several items (`campaign.absences`), refused at once if one of them is longer
    than any valid one (a file's 100 MB cell must not come back quoted whole in the error)."""
    for item in SEPARATORS.split(text):
        if len(item.strip()) > longest:
            raise ValueError(message % {"item": shown(item.strip()), **says})
    return text


class AbsenteesField(Field):
    """Who was absent and why, one cell: 张三（病假）；李四（其他：借调）.

    Written from the session's `Absentee` rows; read (`save`) into `_absentees`, the (name,
    reason, note) triples the session's batch writes (`Absences`): they are rows, not an
    attribute to set."""

    def get_value(self, instance):
        if instance.pk is None:
            return ""
        return format_absentees(instance.absentees.all())

    def clean(self, row, **kwargs):
        text = _items(
            self.widget.clean(row[self.column_name]),
            longest=NAME_MOST + NOTE_MOST + 10,
            message=gettext(
                "“%(item)s”: a name has at most %(name)d characters and a note %(note)d."
            ),
            name=NAME_MOST,
            note=NOTE_MOST,
        )
        return parse_absentees(text)

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._absentees = self.clean(row)


class MadeUpField(Field):
    """Whom the session makes up for (补课), one cell: the day each missed a session of the unit,
    and their name: 2026-03-05 张三；2026-03-05 李四.

    Read (`save`) into `_made_up_pairs`, (day, name) pairs the resource finds the absentees of
    (`StudySessionResource.absentees_made_up`)."""

    def get_value(self, instance):
        if instance.pk is None:
            return ""
        return format_made_up(
            sorted(
                instance.made_up_absentees.all(),
                key=lambda absentee: (absentee.session.held_on, absentee.session_id, absentee.pk),
            )
        )

    def clean(self, row, **kwargs):
        text = _items(
            self.widget.clean(row[self.column_name]),
            longest=NAME_MOST + 20,
            message=gettext("“%(item)s” is not “date missed name”, e.g. 2026-03-05 张三."),
        )
        return parse_made_up(text)

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._made_up_pairs = self.clean(row)


def stored_absentees(session: StudySession) -> list[tuple[str, str, str]]:
    """A session's absentees as stored, as the file's triples (none for a new session)."""
    if session.pk is None:
        return []
    return [(a.name, a.reason, a.note) for a in session.absentees.all()]


def stored_made_up(session: StudySession) -> list[int]:
    """The absentees a session makes up for, as stored (none for a new session)."""
    if session.pk is None:
        return []
    return [absentee.pk for absentee in session.made_up_absentees.all()]


def _changed(given: list | None, stored: list) -> list | None:
    """What the file gives, when it differs from what is stored; None (leave as stored) when it
    does not or the file has no such column: the batch writes only what changes."""
    if given is None or sorted(given) == sorted(stored):
        return None
    return given


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
    export_prefetch_related = SESSION_RELATED

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

    def scoped(self, queryset):
        return super().scoped(queryset).select_related("organisation")

    def before_import(self, dataset, **kwargs):
        """The units the file names, the sessions it changes (with their absentees and whom they
        make up for) and the absentees it names as made up, each looked up once."""
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or ()
        unit = self.fields["organisation"]
        if unit.column_name in headers:
            unit.widget.preload(dataset[unit.column_name], user=self.user)
        self._sessions = {}
        if self.fields["id"].column_name in headers:
            ids = sorted(_ids(dataset[self.fields["id"].column_name]))
            sessions = self.get_queryset().prefetch_related(*SESSION_RELATED)
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = sessions.filter(pk__in=ids[start : start + LOOKUP_CHUNK])
                self._sessions.update((session.pk, session) for session in chunk)
        self._missed = {}
        self._claimed = {}
        made_up = self.fields["made_up"]
        if unit.column_name in headers and made_up.column_name in headers:
            self._missed = self._find_missed(
                dataset[unit.column_name], dataset[made_up.column_name]
            )

    def _find_missed(self, codes, cells) -> dict[tuple, list[tuple[int, int | None]]]:
        """The absentees the file's make-up cells may name: (unit, day, name) → [(absentee,
        session it is made up in)], in a query for every few thousand pairs (one for most files).
        Cells that do not read, or of units not within reach, fail their rows later."""
        units = getattr(self.fields["organisation"].widget, "_units", {})
        wanted = set()
        for code, cell in zip(codes, cells, strict=True):
            if is_empty(code) or is_empty(cell):
                continue
            unit = units.get(unit_code(code))
            with contextlib.suppress(ValueError):
                if unit is not None:
                    row = {self.fields["made_up"].column_name: cell}
                    wanted.update((unit.pk, *pair) for pair in self.fields["made_up"].clean(row))
        wanted = sorted(wanted)
        missed: dict[tuple, list[tuple[int, int | None]]] = {}
        step = LOOKUP_CHUNK // 2
        for start in range(0, len(wanted), step):
            chunk = wanted[start : start + step]
            found = (
                Absentee.objects.filter(
                    session__organisation__in={unit for unit, _day, _name in chunk},
                    session__held_on__in={day for _unit, day, _name in chunk},
                    name__in={name for _unit, _day, name in chunk},
                )
                .order_by("session__held_on", "session", "pk")
                .values_list(
                    "pk", "session__organisation", "session__held_on", "name", "made_up_in"
                )
            )
            keys = set(chunk)
            for pk, unit, day, name, made_up_in in found:
                if (unit, day, name) in keys:
                    missed.setdefault((unit, day, name), []).append((pk, made_up_in))
        return missed

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
        """The library sets many-to-many fields only after saving: check the points first; and
        whom the row makes up for, by the rules of make-ups."""
        # None, unless the file has the column: the stored absentees and make-ups stay.
        instance._absentees = instance._made_up = instance._made_up_pairs = None
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
        if instance._made_up_pairs is not None and not errors.keys() & {"organisation", "made_up"}:
            try:
                instance._made_up = self.absentees_made_up(
                    instance, instance._made_up_pairs, kwargs.get("row_number")
                )
            except ValueError as error:
                errors["made_up"] = [str(error)]
            else:
                if instance._made_up and not errors.keys() & {"held_on"}:
                    for field, message in services.makeup_problems(
                        instance, instance._made_up
                    ).items():
                        errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def absentees_made_up(self, instance, pairs, row_number=None) -> list[int]:
        """The absentees a row's make-up cell names: each (day, name) one who missed a session
        of the row's unit held that day (found by `before_import`). When the unit held several
        that day that the person missed, those this session already makes up for are taken, as
        an exported file has them; otherwise the cell cannot say which, and the row fails."""
        errors, chosen = [], []
        for (day, name), times in Counter(pairs).items():
            found = self._missed.get((instance.organisation_id, day, name), [])
            says = {"day": f"{day:%Y-%m-%d}", "name": shown(name)}
            if not found:
                errors.append(
                    gettext("No one named %(name)s missed a session of this unit on %(day)s.")
                    % says
                )
                continue
            if len(found) > times:
                found = [one for one in found if instance.pk and one[1] == instance.pk]
                if len(found) != times:
                    errors.append(
                        gettext(
                            "%(name)s missed more than one session of this unit on %(day)s: the "
                            "file cannot say which is made up for; choose it in the session's "
                            "form."
                        )
                        % says
                    )
                    continue
            elif len(found) < times:
                errors.append(gettext("“%(day)s %(name)s” is named twice.") % says)
                continue
            for pk, _made_up_in in found:
                first = self._claimed.setdefault(pk, row_number)
                if first != row_number:
                    errors.append(
                        gettext("Row %(row)d of the file already makes up for %(name)s of %(day)s.")
                        % {**says, "row": first + 1}
                    )
                chosen.append(pk)
        if errors:
            raise ValueError(" ".join(errors))
        return chosen

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped, their absentees and make-ups as stored included."""
        return (
            super().skip_row(instance, original, row, import_validation_errors)
            and _changed(instance._absentees, stored_absentees(instance)) is None
            and _changed(instance._made_up, stored_made_up(instance)) is None
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        # Written with its batch: the points, and the absentees and make-ups that change.
        instance._points = self.fields["points"].clean(row)
        instance._absences = services.Absences(
            absentees=_changed(instance._absentees, stored_absentees(instance)),
            made_up=_changed(instance._made_up, stored_made_up(instance)),
        )
        super().save_instance(instance, is_create, row, **kwargs)  # joins the batch

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
        if batch and not dry_run:
            try:
                services.sessions_save([(s, s._points, s._absences) for s in batch], by=self.user)
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
