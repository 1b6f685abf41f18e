"""Exemptions (免予参加) in the backend: a district admin excuses units of their district from a
published campaign, with a reason, a campaign admin any unit; organisers and readers do not see
them (`permissions.may_exempt`). An exempt unit is not called, not counted in the campaign's
reports, and records no session for it.

The choices are the user's: a unit outside their reach or a draft campaign, posted all the same,
is refused on the form, next to its field, and nothing is saved.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from campaign import services
from campaign.admin.common import (
    EMPTY,
    CampaignFilter,
    HistoryAdmin,
    RecordSearchMixin,
    add_service_errors,
)
from campaign.admin.scoping import ScopedAdminMixin
from campaign.models import Exemption
from documents.models import Campaign


class ExemptionForm(forms.ModelForm):
    """Asks the service's rule before saving (one rule, one message); `user` is set by
    `ExemptionAdmin.get_form`."""

    user = None

    def clean(self):
        cleaned = super().clean()  # "other" without a note: the model's clean says so
        problems = services.exemption_problems(
            campaign=cleaned.get("campaign"), organisation=cleaned.get("organisation"), by=self.user
        )
        if problems is not None:
            add_service_errors(self, problems)
        return cleaned


@admin.register(Exemption)
class ExemptionAdmin(RecordSearchMixin, ScopedAdminMixin, HistoryAdmin):
    form = ExemptionForm
    list_display = ["organisation", "campaign_label", "reason", "note", "made_by", "created_at"]
    list_filter = [CampaignFilter, "reason", "organisation__district"]
    list_select_related = ["organisation", "campaign", "created_by"]
    search_fields = ("note",)  # and the unit's name or code (RecordSearchMixin)
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["campaign", "organisation", "reason", "note"]}),
        (_("Record"), {"fields": ["made_by", "created_at"]}),
    ]
    readonly_fields = ["made_by", "created_at"]
    list_per_page = 50

    @admin.display(description=_("campaign"), ordering="campaign__opens_on")
    def campaign_label(self, obj):
        return obj.campaign.label

    @admin.display(description=Exemption._meta.get_field("created_by").verbose_name)
    def made_by(self, obj):
        return str(obj.created_by) if obj.created_by_id else EMPTY

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj else fieldsets[:-1]  # nothing is recorded before the first save

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            # Drafts call no one yet; closed campaigns keep their reports, exemptions included.
            kwargs["queryset"] = Campaign.objects.published()
        if db_field.name == "organisation":
            # The units within reach (ScopedAdminMixin); another's, posted, is a choice not
            # offered: a form error, in the user's language, and no save.
            kwargs["form_class"] = forms.ModelChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form)(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        services.exemption_save(obj, by=request.user)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Exemption.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.exemption_delete(queryset, by=request.user)
