"""The organisations in the backend: the tree, scoped to the user's reach."""

import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from campaign import services
from campaign.admin.common import CAMPAIGN_CHANGE_LIST, add_service_errors, yes_no
from campaign.admin.scoping import ScopedAdminMixin
from campaign.admin.submitted_once import SubmittedOnceMixin
from campaign.exchange.admin import ScopedImportExportMixin
from campaign.exchange.resources import OrganisationResource
from campaign.models import Organisation
from campaign.permissions import may_move


class OrganisationForm(forms.ModelForm):
    """Checks the tree rules of who writes (`user`, set by `OrganisationAdmin.get_form`)."""

    user = None

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # The organisation as it would be saved, with the form's values.
            candidate = copy.copy(self.instance)
            for name, value in cleaned.items():
                setattr(candidate, name, value)
            try:
                services.organisation_check(candidate, by=self.user)
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


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
        if obj is not None and not may_move(request.user, obj):
            return ["parent", "district", "active"]
        return ["active"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form)(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        services.organisation_save(obj, by=request.user)
