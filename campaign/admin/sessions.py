"""Study sessions in the backend: the session's form with its learning points, absentees,
attachments and whom it makes up for; the list with its filters; deletion."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign import services
from campaign.admin.absentees import (
    AbsenteeInline,
    MadeUpField,
    makeup_choices,
    makeup_problems_on,
)
from campaign.admin.attachments import SessionAttachmentInline
from campaign.admin.common import (
    CAMPAIGN_CHANGE_LIST,
    CampaignFilter,
    DateDrilldownMixin,
    HistoryAdmin,
    PeopleByNameMixin,
    RecordSearchMixin,
    add_service_errors,
)
from campaign.admin.paginators import LargeTablePaginator
from campaign.admin.scoping import ScopedAdminMixin
from campaign.admin.session_points import form_unit, offer_points
from campaign.admin.submitted_once import SubmittedOnceMixin
from campaign.campaigns import points_by_campaign
from campaign.exchange.admin import ScopedImportExportMixin
from campaign.exchange.resources import StudySessionResource
from campaign.meeting_records.archive import RecordsZipError, records_zip_response
from campaign.meeting_records.names import zip_filename
from campaign.models import Absentee, StudySession
from documents.models import Campaign, LearningPoint


class ServedCampaignFilter(CampaignFilter):
    """Sessions that served a campaign (covered one of its points), by EXISTS."""

    def of_campaign(self, queryset, campaign):
        return queryset.serving(campaign)


class LearningPointFilter(admin.SimpleListFilter):
    """Sessions covering a point, by EXISTS: a join on the points would make the list DISTINCT."""

    title = _("learning point")
    parameter_name = "point"

    def lookups(self, request, model_admin):
        points = LearningPoint.objects.filter(document__campaign__in=Campaign.objects.published())
        return [
            (point.pk, f"{point.document.campaign.label}：{point}")
            for point in points.select_related("document__campaign").order_by(
                "-document__campaign__opens_on", "number"
            )
        ]

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.covering(int(self.value()))
        return queryset


class StudySessionForm(forms.ModelForm):
    """The learning points and the make-up rules are checked by the services that save them (one
    rule, one message); `user` is set by `StudySessionAdmin.get_form`."""

    made_up = MadeUpField()
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = services.PointRule.load()
        self.unit = form_unit(self, self.user)
        self.kept = set()
        if self.instance.pk is not None:
            self.kept = set(self.instance.points.values_list("pk", flat=True))
        offer_points(self.fields["points"], unit=self.unit, kept=self.kept, rule=self.rule)
        self.fields["points"].required = False
        # The one way a date is written in the backend (campaign/conf/formats), shown before typing.
        if "held_on" in self.fields:
            self.fields["held_on"].widget.attrs["placeholder"] = "2026-12-06"
        made_up = self.fields["made_up"]
        # The unit posted, or the one the form opens with.
        unit = self.data.get("organisation") if self.is_bound else self.initial.get("organisation")
        made_up.queryset = makeup_choices(user=self.user, unit=unit, session_pk=self.instance.pk)
        if not made_up.queryset.exists():
            made_up.help_text = _(
                "No absentee of this unit's earlier sessions is waiting to make up. A session with "
                "absentees has a “Record a make-up session” button."
            )
        if self.instance.pk is not None and "made_up" not in self.initial:
            self.initial["made_up"] = [a.pk for a in self.instance.made_up_absentees.all()]

    def clean(self):
        cleaned = super().clean()
        if "points" not in self.errors:
            try:
                services.session_points(
                    cleaned.get("points"),
                    unit=cleaned.get("organisation"),
                    held_on=cleaned.get("held_on"),
                    kept=self.kept,
                    rule=self.rule,
                )
            except ValidationError as error:
                add_service_errors(self, error)
        problems = makeup_problems_on(self, cleaned)
        if problems is not None:
            add_service_errors(self, problems)
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
    list_filter = [
        ServedCampaignFilter,
        LearningPointFilter,
        "district",
        "organisation__kind",
        "format",
    ]
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
        points = LearningPoint.objects.select_related("document__campaign")
        return super().get_queryset(request).prefetch_related(Prefetch("points", points))

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

    @admin.display(description=_("campaigns and learning points"))
    def points_covered(self, obj):
        """Which campaigns the session served, at a glance: 向李斌同志学习：政治品格、敬业精神."""
        return points_by_campaign(obj.points.all())

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
        # The session, its points and whom it makes up for; its absentees are its formset's.
        made_up = [absentee.pk for absentee in form.cleaned_data.get("made_up", ())]
        services.session_save(
            obj,
            points=form.cleaned_data["points"],
            by=request.user,
            absences=services.Absences(made_up=made_up),
        )

    def save_related(self, request, form, formsets, change):
        # The points were written with the session (save_model): no form.save_m2m() here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Absentee:
            return super().save_formset(request, form, formset, change)
        # Django's formset save, without writing, reads which rows are new, changed or deleted
        # (and so what the admin's log says); the service writes them with their counts.
        formset.save(commit=False)
        services.absentees_save(form.instance, absentees=formset.rows())
        return None

    def get_deleted_objects(self, objs, request):
        """As Django's, less the rows linking a session to its points ("StudySession_points
        object (1)"): they go with the session, and its user never saw them as records. Django
        lists every collected row and offers no hook to leave a model out: its lines for the
        link model, which it formats as "<verbose name>: <row>", are left out by that name."""
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
