"""The backend: organisations, study sessions with their attachments, and reflections.

Scope comes from `campaign.scoping`, import and export from `campaign.exchange`; every save goes
through `campaign.services`, whose rules the forms ask first so that a refusal is shown next to
its field.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from campaign import services
from campaign.choices import ReflectionStatus
from campaign.exchange.admin import ScopedExportMixin, ScopedImportExportMixin
from campaign.exchange.resources import (
    OrganisationResource,
    ReflectionResource,
    StudySessionResource,
)
from campaign.models import (
    REFLECTION_MIN_CHARACTERS,
    RETURN_NEEDS_REASON,
    Absentee,
    Organisation,
    Reflection,
    ReminderLog,
    SessionAttachment,
    StudySession,
)
from campaign.paginators import LargeTablePaginator
from campaign.querysets import scope_q
from campaign.records.archive import RecordsZipError, records_zip_response
from campaign.records.names import zip_filename
from campaign.scoping import ScopedAdminMixin
from campaign.similar import review_help
from campaign.submissions import SubmittedOnceMixin
from campaign.validators import ATTACHMENT_TYPES, CAMPAIGN_START
from documents.models import DECISION_SLUG, LearningPoint, Paragraph

admin.site.site_header = _("Learn from Li Bin: campaign backend")
admin.site.site_title = _("Campaign backend")
admin.site.index_title = _("Backend")
# The index and the breadcrumbs lead to the four lists; the sidebar beside every page took a
# quarter of a 1280 px screen from them, and the sessions list scrolled sideways.
admin.site.enable_nav_sidebar = False


def yes_no(value: bool) -> str:
    """Django's ✓ or ✗ icon, its text in the user's language (Django's own alt is True/False)."""
    return format_html(
        '<img src="{}" alt="{}">',
        static(f"admin/img/icon-{'yes' if value else 'no'}.svg"),
        gettext("Yes") if value else gettext("No"),
    )


class LearningPointFilter(admin.SimpleListFilter):
    """Sessions covering a point, by EXISTS: a join on the points would make the list DISTINCT."""

    title = _("learning point")
    parameter_name = "point"

    def lookups(self, request, model_admin):
        return [(point.number, str(point)) for point in LearningPoint.objects.all()]

    def queryset(self, request, queryset):
        if self.value() in {str(n) for n in range(1, 5)}:
            return queryset.covering(
                LearningPoint.objects.filter(number=self.value()).values("pk")[:1]
            )
        return queryset


# import-export replaces `change_list_template` with its own, which extends the one set here: so
# the campaign's changelist (the calendar drill-down) stays under the import and export buttons.
CAMPAIGN_CHANGE_LIST = "admin/campaign/change_list.html"


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: next to its field, or above the form for a field the
    form does not show."""
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else NON_FIELD_ERRORS, errors)


class OrganisationForm(forms.ModelForm):
    """Checks the tree rules of who writes (`user`, set by `OrganisationAdmin.get_form`)."""

    user = None

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                services.organisation_check(self.instance, by=self.user)
            except ValidationError as error:
                add_service_errors(self, error)


class DateDrilldownMixin:
    """The date drill-down (`date_hierarchy`) within the campaign's years: a year, month or day
    outside them, typed into the address (`?held_on__year=9999`), made Django's admin fail with
    a server error; it is dropped, with a message, and the whole list shown."""

    def changelist_view(self, request, extra_context=None):
        field = self.date_hierarchy
        names = [f"{field}__{part}" for part in ("year", "month", "day")]
        given = [request.GET.get(name) for name in names]
        if field and any(given) and not _a_campaign_day(*given):
            self.message_user(
                request,
                _("There are no records on that date; all dates are shown."),
                messages.WARNING,
            )
            query = request.GET.copy()
            for name in names:
                query.pop(name, None)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)


def _a_campaign_day(year, month, day) -> bool:
    """Whether the drill-down's year (month, day) names a real date in the campaign's years."""
    try:
        first = datetime.date(int(year), int(month or 1), int(day or 1))
    except (TypeError, ValueError):
        return False
    return CAMPAIGN_START.year <= first.year <= timezone.localdate().year


EMPTY = "—"  # a value not given, as the backend's own fields and the history show it


class PeopleByNameMixin:
    """录入人 and 审核人 as names. As read-only foreign keys the admin linked them to the user
    admin, which answers 403 to everyone but the campaign admin."""

    @admin.display(description=_("recorded by"))
    def recorded_by_name(self, obj):
        return str(obj.recorded_by) if obj.recorded_by_id else EMPTY

    @admin.display(description=_("reviewed by"))
    def reviewed_by_name(self, obj):
        return str(obj.reviewed_by) if getattr(obj, "reviewed_by_id", None) else EMPTY


class ShortenedInWords(ObjDiffDisplay):
    """A long text's unchanged middle left out, saying so in the user's language."""

    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        left_out = ngettext(
            "[%(count)d character left out]", "[%(count)d characters left out]", num_skipped_chars
        ) % {"count": num_skipped_chars}
        return f"{prefix}{left_out}{suffix}"


class ChangesInWords(HistoricalRecordContextHelper):
    """Each change in the history as the form shows it: a choice by its label (已退回, not
    "returned"), yes or no, an empty value as a dash, dates as dates; never None or True."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):  # the learning points, as objects
            return value
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if field.flatchoices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            return formats.localize(timezone.localtime(value))
        if isinstance(value, datetime.date):
            return formats.localize(value)
        return value

    def get_obj_diff_display(self):
        return ShortenedInWords(max_length=self.max_displayed_delta_change_chars)


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history in words, with the campaign's breadcrumbs (templates/admin/campaign)."""

    object_history_list_template = "admin/campaign/object_history_list.html"
    object_history_form_template = "admin/campaign/object_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangesInWords(self.model, historical_record)


class RecordSearchMixin:
    """Search of a unit's records by their own text and by their unit's name or code, in a form
    indexes can serve: the units matching a term are found first (their own index), then the
    records whose text matches or whose unit is one of them. Joined to the units in one OR, the
    search would read every record."""

    #: The record's own text fields searched, each trigram-indexed on PostgreSQL.
    search_fields: tuple[str, ...] = ()
    #: More units than this matching a term are searched through a subquery.
    UNITS_LISTED = 1000

    def get_search_results(self, request, queryset, search_term):
        for term in smart_split(search_term):
            term = unescape_string_literal(term) if term[0] in "\"'" else term
            units = Organisation.objects.filter(Q(name__icontains=term) | Q(code__iexact=term))
            ids = list(units.values_list("pk", flat=True)[: self.UNITS_LISTED + 1])
            matching = Q(organisation__in=ids if len(ids) <= self.UNITS_LISTED else units)
            for field in self.search_fields:
                matching |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(matching)
        return queryset, False


@admin.register(Organisation)
class OrganisationAdmin(
    SubmittedOnceMixin, ScopedAdminMixin, ScopedImportExportMixin, admin.ModelAdmin
):
    resource_classes = [OrganisationResource]
    change_list_template = CAMPAIGN_CHANGE_LIST
    form = OrganisationForm
    list_display = ["name", "code", "kind", "district", "parent", "active"]
    list_filter = ["district", "kind", "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "=code"]
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "kind", "district", "parent", "is_active"]
    show_full_result_count = False

    def organisation_of(self, obj):
        return obj

    @admin.display(
        description=Organisation._meta.get_field("is_active").verbose_name, ordering="is_active"
    )
    def active(self, obj):
        return yes_no(obj.is_active)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return ["active" if name == "is_active" else name for name in fields]  # read only
        return fields

    def get_readonly_fields(self, request, obj=None):
        # A district admin may rename their own district body, but not move it.
        if obj is not None and not services.may_move(request.user, obj):
            return ["parent", "district", "active"]
        return ["active"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form)(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        services.organisation_save(obj, by=request.user)


class AttachmentFileInput(forms.ClearableFileInput):
    """Links a stored attachment to its access-checked download, never to a public media URL."""

    template_name = "campaign/widgets/attachment_input.html"


# What the file chooser offers: the accepted types and their extensions.
ATTACHMENT_ACCEPT = ",".join(
    [*ATTACHMENT_TYPES, *sorted(ext for _magic, exts in ATTACHMENT_TYPES.values() for ext in exts)]
)


class SessionAttachmentInline(admin.TabularInline):
    """Photos and sign-in sheets. A table row's inputs have no <label> of their own: each gets
    an accessible name, and the file input says before the upload what it takes."""

    model = SessionAttachment
    fields = ["kind", "file"]
    extra = 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = AttachmentFileInput(
                attrs={
                    "accept": ATTACHMENT_ACCEPT,
                    "aria-label": _("File"),
                }
            )
            kwargs["help_text"] = _("A JPEG or PNG photo, or a PDF, of at most 10 MB.")
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "kind" and field is not None:
            field.widget.attrs["aria-label"] = _("Kind of attachment")
        return field


class AbsenteeFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """A name twice is said by `clean`, by name; Django's says “name” in English."""

    def clean(self):
        super().clean()
        names = [
            form.cleaned_data["name"].strip()
            for form in self.forms
            if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
        ]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValidationError(gettext("%(name)s is named twice.") % {"name": "、".join(twice)})


class AbsenteeInline(admin.TabularInline):
    """Who was absent and why, one row each; whether they have made up shows beside them (it is
    recorded on the make-up session, which names whom it makes up for)."""

    model = Absentee
    fk_name = "session"
    formset = AbsenteeFormSet
    fields = ["name", "reason", "note", "made_up_status"]
    readonly_fields = ["made_up_status"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("made_up_in")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in {"name", "reason", "note"}:
            field.widget.attrs["aria-label"] = capfirst(db_field.verbose_name)
        return field

    @admin.display(description=_("make-up"))
    def made_up_status(self, obj):
        if obj.pk is None:
            return ""
        if obj.made_up_in_id is None:
            return gettext("not yet made up")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:campaign_studysession_change", args=[obj.made_up_in_id]),
            gettext("made up on %(day)s")
            % {"day": formats.date_format(obj.made_up_in.held_on, "MONTH_DAY_FORMAT")},
        )


def makeup_label(absentee: Absentee) -> str:
    missed = absentee.session
    return gettext("%(day)s “%(title)s”: %(absentee)s") % {
        "day": formats.date_format(missed.held_on, "MONTH_DAY_FORMAT"),
        "title": missed.title,
        "absentee": absentee,
    }


class StudySessionForm(forms.ModelForm):
    """The learning points and the make-up rules are checked by the services that save them (one
    rule, one message); `user` is set by `StudySessionAdmin.get_form`."""

    made_up = forms.ModelMultipleChoiceField(
        label=_("Makes up for"),
        queryset=Absentee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The absentees of this unit's earlier sessions who attended this session to make up "
            "for what they missed (补课). The list is of the unit chosen when the form opened."
        ),
    )
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].required = False
        made_up = self.fields["made_up"]
        made_up.queryset = self._makeup_choices()
        made_up.label_from_instance = makeup_label
        if not made_up.queryset.exists():
            made_up.help_text = _(
                "No absentee of this unit's earlier sessions is waiting to make up. A session with "
                "absentees has a “Record a make-up session” button."
            )
        if self.instance.pk is not None and "made_up" not in self.initial:
            self.initial["made_up"] = [a.pk for a in self.instance.made_up_absentees.all()]

    def _makeup_choices(self):
        """The absentees of the unit's sessions in the user's scope who have not made up yet, or
        made up in this session: of the unit posted, or the one the form opens with."""
        unit = self.data.get("organisation") if self.is_bound else self.initial.get("organisation")
        try:
            unit = int(unit)
        except (TypeError, ValueError):
            return Absentee.objects.none()
        mine = self.instance.pk
        return (
            Absentee.objects.filter(
                session__in=StudySession.objects.visible_to(self.user).filter(organisation=unit)
            )
            .filter(Q(made_up_in__isnull=True) | Q(made_up_in=mine))
            .exclude(session=mine)
            .select_related("session")
            .order_by("-session__held_on", "session", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        if "points" not in self.errors:
            try:
                services.session_points(cleaned.get("points"))
            except ValidationError as error:
                add_service_errors(self, error)
        if cleaned.get("organisation") and cleaned.get("held_on"):
            candidate = StudySession(
                pk=self.instance.pk,
                organisation=cleaned["organisation"],
                held_on=cleaned["held_on"],
            )
            chosen = [absentee.pk for absentee in cleaned.get("made_up", ())]
            problems = services.makeup_problems(candidate, chosen)
            if problems:
                add_service_errors(self, ValidationError(problems))
        return cleaned


@admin.register(StudySession)
class StudySessionAdmin(
    SubmittedOnceMixin,
    PeopleByNameMixin,
    DateDrilldownMixin,
    RecordSearchMixin,
    ScopedAdminMixin,
    ScopedImportExportMixin,
    HistoryAdmin,
):
    resource_classes = [StudySessionResource]
    change_list_template = CAMPAIGN_CHANGE_LIST
    form = StudySessionForm
    list_display = [
        "title",
        "organisation",
        "held_on",
        "format",
        "points_covered",
        "participants",
        "party_members",
        "recorded_by",
    ]
    list_filter = ["district", "organisation__kind", LearningPointFilter, "format"]
    list_select_related = ["organisation", "recorded_by"]
    search_fields = ("title", "summary")  # and the unit's name or code (RecordSearchMixin)
    date_hierarchy = "held_on"
    autocomplete_fields = ["organisation"]
    readonly_fields = ["recorded_by_name", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["organisation", "held_on", "title", "format", "points"]}),
        (_("Participation"), {"fields": ["participants", "party_members", "absence_note"]}),
        (_("Content"), {"fields": ["host", "venue", "summary"]}),
        (_("Make-up session (补课)"), {"fields": ["made_up"]}),
        (_("Record"), {"fields": ["recorded_by_name", "created_at", "updated_at"]}),
    ]
    inlines = [AbsenteeInline, SessionAttachmentInline]
    paginator = LargeTablePaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice is a scan on a big table
    list_per_page = 50

    actions = ["download_records"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("points")

    @admin.action(description=_("Download the meeting records of the selected sessions (ZIP)"))
    def download_records(self, request, queryset):
        """The Word meeting records (会议记录) of the selected sessions, one ZIP, streamed."""
        try:
            return records_zip_response(queryset, zip_filename(timezone.localdate()))
        except RecordsZipError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj else fieldsets[:-1]  # nothing is recorded before the first save

    @admin.display(description=_("learning points"))
    def points_covered(self, obj):
        return "、".join(point.short_name for point in obj.points.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "points":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form)(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        # The quick path for an organiser: their unit and today's date already filled in.
        initial = {"held_on": timezone.localdate()}
        if request.user.organisation_id:
            initial["organisation"] = request.user.organisation_id
        initial.update(super().get_changeform_initial_data(request))
        initial.pop("makeup_of", None)
        return {**initial, **self._makeup_initial(request)}

    def _makeup_initial(self, request) -> dict:
        """A make-up for a session (?makeup_of=<id>, the button on its page): its unit, points and
        format, and its absentees who have not made up yet, already chosen."""
        missed = request.GET.get("makeup_of", "")
        if not missed.isdigit():
            return {}
        missed = StudySession.objects.visible_to(request.user).filter(pk=missed).first()
        if missed is None:
            return {}
        return {
            "organisation": missed.organisation_id,
            "title": (gettext("Make-up: %(title)s") % {"title": missed.title})[:200],
            "format": missed.format,
            "points": [point.pk for point in missed.points.all()],
            "made_up": list(
                missed.absentees.filter(made_up_in__isnull=True).values_list("pk", flat=True)
            ),
        }

    def save_model(self, request, obj, form, change):
        """Saved in `save_related`, with its absentees: one write, one history row."""

    def save_related(self, request, form, formsets, change):
        # One service call writes the session, its points, its absentees and its make-ups; the
        # absentees' formset only checked them. Then the attachments.
        absentees = next((f for f in formsets if f.model is Absentee), None)
        rows = None
        if absentees is not None:
            # As Django's formsets: a stored absentee goes only when its row says so.
            posted = {f.instance.pk for f in absentees.initial_forms}
            rows = [
                (a.name, a.reason, a.note) for a in absentees.get_queryset() if a.pk not in posted
            ] + [
                (f.cleaned_data["name"].strip(), f.cleaned_data["reason"], f.cleaned_data["note"])
                for f in absentees.forms
                if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
            ]
        made_up = [absentee.pk for absentee in form.cleaned_data.get("made_up", ())]
        services.session_save(
            form.instance,
            points=form.cleaned_data["points"],
            by=request.user,
            absences=services.Absences(absentees=rows, made_up=made_up),
        )
        if absentees is not None:  # what the admin's log message reads of a saved formset
            absentees.new_objects, absentees.changed_objects, absentees.deleted_objects = [], [], []
        for formset in formsets:
            if formset is not absentees:
                self.save_formset(request, form, formset, change=change)

    def get_deleted_objects(self, objs, request):
        """As Django's, less the rows linking a session to its points ("StudySession_points
        object (1)"): they go with the session, and its user never saw them as records."""
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [
            field.remote_field.through._meta
            for field in self.model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        for link in links:
            counts.pop(link.verbose_name_plural, None)
        prefixes = tuple(f"{capfirst(link.verbose_name)}: " for link in links)
        return _without(to_delete, prefixes), counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.session_delete(StudySession.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.session_delete(queryset)


def _without(listed: list, prefixes: tuple[str, ...]) -> list:
    """The nested list of objects to delete, less the lines that start with one of `prefixes`."""
    return [
        _without(item, prefixes) if isinstance(item, list) else item
        for item in listed
        if isinstance(item, list) or not str(item).startswith(prefixes)
    ]


def quoted_paragraph_choices() -> list:
    """The decision's paragraphs by their opening words: each learning point's paragraph under
    the point's name, then the others (static/js/quoted-paragraph.js puts the chosen point's
    group first)."""
    points = {point.paragraph_id: point for point in LearningPoint.objects.all()}
    paragraphs = list(Paragraph.objects.filter(document__slug=DECISION_SLUG))
    return [
        ("", "---------"),
        *((str(points[p.pk]), [(p.pk, p.opening_words(24))]) for p in paragraphs if p.pk in points),
        (
            _("Other paragraphs"),
            [(p.pk, p.opening_words(24)) for p in paragraphs if p.pk not in points],
        ),
    ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": RETURN_NEEDS_REASON},
    )


@admin.register(Reflection)
class ReflectionAdmin(
    SubmittedOnceMixin,
    PeopleByNameMixin,
    DateDrilldownMixin,
    RecordSearchMixin,
    ScopedAdminMixin,
    ScopedExportMixin,
    HistoryAdmin,
):
    resource_classes = [ReflectionResource]
    change_list_template = CAMPAIGN_CHANGE_LIST
    list_display = [
        "title",
        "organisation",
        "point",
        "author_name",
        "status",
        "consented",
        "created_at",
    ]
    list_filter = ["status", "point", "district", "organisation__kind"]
    list_select_related = ["organisation", "point"]
    search_fields = ("title", "author_name")  # and the unit's name or code (RecordSearchMixin)
    date_hierarchy = "created_at"
    autocomplete_fields = ["organisation", "session"]
    actions = ["approve", "feature", "return_with_reason"]
    fieldsets = [
        (None, {"fields": ["organisation", "session", "point", "title", "body"]}),
        (_("Author"), {"fields": ["author_name", "author_position", "public_consent"]}),
        (_("Quotation"), {"fields": ["quoted_paragraph"]}),
        (
            _("Review"),
            {"fields": ["status", "return_reason", "reviewed_by_name", "reviewed_at"]},
        ),
        (_("Record"), {"fields": ["recorded_by_name", "created_at", "updated_at"]}),
    ]
    paginator = LargeTablePaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice is a scan on a big table
    list_per_page = 50

    class Media:
        js = ["js/character-count.js", "js/quoted-paragraph.js"]

    @admin.display(
        description=Reflection._meta.get_field("public_consent").verbose_name,
        ordering="public_consent",
    )
    def consented(self, obj):
        return yes_no(obj.public_consent)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "quoted_paragraph" and field is not None:
            field.choices = quoted_paragraph_choices()
            field.help_text = _(
                "The paragraph of the decision the reflection quotes or reflects on; the chosen "
                "learning point's paragraph comes first."
            )
        if db_field.name == "body" and field is not None:
            # Said before submitting, and counted as the user types (static/js/character-count.js).
            minimum = REFLECTION_MIN_CHARACTERS
            field.help_text = _(
                "At least %(minimum)d characters, not counting spaces; at most 10,000."
            ) % {"minimum": minimum}
            field.widget.attrs.update(
                {
                    "data-min-characters": minimum,
                    "data-count-short": _("{count} characters written; {missing} more needed."),
                    "data-count-enough": _("{count} characters written: long enough."),
                }
            )
        return field

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # A new reflection is submitted as it is: it is reviewed and recorded once saved.
        return fieldsets if obj else fieldsets[:-2]

    def get_readonly_fields(self, request, obj=None):
        record = ["reviewed_by_name", "reviewed_at", "recorded_by_name", "created_at", "updated_at"]
        if not self.has_review_permission(request):
            return ["status", "return_reason", *record]
        return record

    def get_changeform_initial_data(self, request):
        initial = {}
        if request.user.organisation_id:
            initial["organisation"] = request.user.organisation_id
        return {**initial, **super().get_changeform_initial_data(request)}

    def has_review_permission(self, request) -> bool:
        return services.may_review(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A reviewer opening a reflection waiting for review sees the near copies in their scope
        # and how much of it is the decision's own text (campaign.similar).
        reflection = self.get_object(request, object_id)
        if (
            request.method == "GET"
            and reflection is not None
            and reflection.status == ReflectionStatus.SUBMITTED
            and self.has_review_permission(request)
        ):
            extra_context = {
                **(extra_context or {}),
                "review_help": review_help(reflection, request.user),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.reflection_save(obj, by=request.user, changed=form.changed_data)

    def delete_model(self, request, obj):
        services.reflection_delete(Reflection.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.reflection_delete(queryset)

    def _review(self, request, queryset, status, reason=""):
        count = services.reflection_review(
            reflections=queryset, status=status, by=request.user, reason=reason
        )
        label = ReflectionStatus(status).label
        self.message_user(
            request,
            ngettext(
                "%(count)d reflection marked “%(status)s”.",
                "%(count)d reflections marked “%(status)s”.",
                count,
            )
            % {"count": count, "status": label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve the selected reflections"), permissions=["review"])
    def approve(self, request, queryset):
        self._review(request, queryset, ReflectionStatus.APPROVED)

    @admin.action(description=_("Feature the selected reflections"), permissions=["review"])
    def feature(self, request, queryset):
        self._review(request, queryset, ReflectionStatus.FEATURED)

    @admin.action(description=_("Return the selected reflections…"), permissions=["review"])
    def return_with_reason(self, request, queryset):
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                self._review(
                    request, queryset, ReflectionStatus.RETURNED, form.cleaned_data["reason"]
                )
                return None
            except ValidationError as error:
                form.add_error("reason", error.messages)
        return TemplateResponse(
            request,
            "admin/campaign/reflection/return_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return reflections"),
                "opts": self.model._meta,
                "form": form,
                "reflections": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What `send_reminders` sent: who, when, what. Read only; a district admin sees the mail
    sent within their district."""

    list_display = ["sent_at", "recipient", "email", "subject", "units"]
    list_filter = [("sent_at", admin.DateFieldListFilter)]
    search_fields = ["email", "subject"]
    fields = ["sent_at", "recipient", "email", "subject", "units", "body"]
    readonly_fields = fields
    list_select_related = ["recipient"]
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(scope_q(request.user, "recipient__organisation__"))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
