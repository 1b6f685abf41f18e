"""Reflections (心得体会) in the backend: written by a unit, reviewed by its district or the
city (approve, feature, return with a reason), with help for the reviewer."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaign import services
from campaign.admin.common import (
    CAMPAIGN_CHANGE_LIST,
    CampaignFilter,
    DateDrilldownMixin,
    HistoryAdmin,
    PeopleByNameMixin,
    RecordSearchMixin,
    yes_no,
)
from campaign.admin.near_copies import CONFIRM_FIELD, NearCopyCheckMixin
from campaign.admin.paginators import LargeTablePaginator
from campaign.admin.scoping import ScopedAdminMixin
from campaign.admin.session_picker import (
    URL_NAME,
    SessionChoiceField,
    SessionPicker,
    SessionPickerView,
)
from campaign.admin.session_points import form_unit, point_choices
from campaign.admin.sessions import LearningPointFilter
from campaign.admin.submitted_once import SubmittedOnceMixin
from campaign.choices import ReflectionStatus
from campaign.exchange.admin import ScopedExportMixin
from campaign.exchange.resources import ReflectionResource
from campaign.models import REFLECTION_MIN_CHARACTERS, RETURN_NEEDS_REASON, Reflection
from campaign.permissions import may_review
from campaign.similar import review_help
from documents.models import Campaign, LearningPoint, Paragraph


def quoted_paragraph_choices(campaigns: list[Campaign]) -> list:
    """The paragraphs of the campaigns' decisions by their opening words: each learning point's
    paragraph under the point's name, then the others (static/js/quoted-paragraph.js puts the
    chosen point's group first); with several campaigns, each one's other paragraphs under its
    name."""
    choices: list = [("", "---------")]
    for campaign in campaigns:
        points = {
            point.paragraph_id: point
            for point in LearningPoint.objects.filter(document=campaign.document_id)
        }
        paragraphs = list(Paragraph.objects.filter(document=campaign.document_id))
        others = _("Other paragraphs")
        if len(campaigns) > 1:
            others = f"{campaign.label}：{others}"
        choices += [
            *(
                (str(points[p.pk]), [(p.pk, p.opening_words(24))])
                for p in paragraphs
                if p.pk in points
            ),
            (others, [(p.pk, p.opening_words(24)) for p in paragraphs if p.pk not in points]),
        ]
    return choices


class ReflectionCampaignFilter(CampaignFilter):
    """Reflections on a point of a campaign."""

    def of_campaign(self, queryset, campaign):
        return queryset.filter(point__document__campaign=campaign)


class ReflectionPointFilter(LearningPointFilter):
    """Reflections on a point, each named with its campaign (two campaigns may both have a
    "1.")."""

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.filter(point=int(self.value()))
        return queryset


class ReflectionForm(NearCopyCheckMixin, forms.ModelForm):
    """The point among those of the open campaigns that call the unit, grouped by campaign (and
    the reflection's own, kept); a text nearly another's on the same session asks to be
    confirmed; `user` is set by `ReflectionAdmin.get_form`."""

    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        point = self.fields.get("point")
        if point is None:
            return
        kept = {self.instance.point_id} if self.instance.point_id else set()
        rule = services.PointRule.load()
        point.queryset, choices = point_choices(
            unit=form_unit(self, self.user), kept=kept, rule=rule
        )
        point.choices = [("", "---------"), *choices]
        if not choices:
            point.help_text = _("No open campaign calls this unit to take part.")
        quoted = self.fields.get("quoted_paragraph")
        if quoted is not None:
            documents = set(point.queryset.values_list("document", flat=True))
            campaigns = [c for c in rule.by_document.values() if c.document_id in documents]
            quoted.choices = quoted_paragraph_choices(
                sorted(campaigns, key=lambda c: (c.opens_on, c.pk), reverse=True)
            )


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
    form = ReflectionForm
    list_display = [
        "title",
        "organisation",
        "point",
        "author_name",
        "status",
        "consented",
        "created_at",
    ]
    list_filter = [
        "status",
        ReflectionCampaignFilter,
        ReflectionPointFilter,
        "district",
        "organisation__kind",
    ]
    list_select_related = ["organisation", "point"]
    search_fields = ("title", "author_name")  # and the unit's name or code (RecordSearchMixin)
    date_hierarchy = "created_at"
    autocomplete_fields = ["organisation", "session"]
    actions = ["approve", "feature", "return_with_reason"]
    fieldsets = [
        (None, {"fields": ["organisation", "session", "point", "title", "body", CONFIRM_FIELD]}),
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

    def get_urls(self):
        picker = SessionPickerView.as_view(admin_site=self.admin_site)
        return [
            path("session-picker/", self.admin_site.admin_view(picker), name=URL_NAME),
            *super().get_urls(),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            # Each session by its day and unit, a make-up told from what it makes up for.
            kwargs["widget"] = SessionPicker(db_field, self.admin_site)
            kwargs["form_class"] = SessionChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "quoted_paragraph" and field is not None:
            # Its choices are the paragraphs of the decisions the point is offered from
            # (ReflectionForm).
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form)(form.__name__, (form,), {"user": request.user})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: nothing is submitted, so nothing is to be confirmed.
            name, options = fieldsets[0]
            fields = [field for field in options["fields"] if field != CONFIRM_FIELD]
            fieldsets = [(name, {**options, "fields": fields}), *fieldsets[1:]]
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
        return may_review(request.user)

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
