"""The trail in the backend: the audit admin reads, filters and exports it; nobody changes it.

Every permission hook asks `may_read_trail` (the role), so a superuser sees nothing here, and
no add, change or delete is offered to anyone.
"""

import json

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import export
from accounts.audit.access import may_read_trail
from accounts.audit.actions import Action
from accounts.audit.models import AuditEvent
from accounts.audit.trail import record

DETAILS_SHOWN = 120  # characters of the details in the list; the entry's page shows them all


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "target", "short_details", "ip_address"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["=username"]
    search_help_text = _("A username, in full.")
    fields = ["at", "username", "action", "target", "details", "ip_address", "user_agent"]
    readonly_fields = fields
    list_per_page = 100
    # One count, not two, on a table of millions of rows.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None

    @admin.display(description=_("details"))
    def short_details(self, obj):
        text = json.dumps(obj.details, ensure_ascii=False, sort_keys=True)
        return text if len(text) <= DETAILS_SHOWN else f"{text[:DETAILS_SHOWN]}…"

    def has_module_permission(self, request):
        return may_read_trail(request.user)

    def has_view_permission(self, request, obj=None):
        return may_read_trail(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="audit_auditevent_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The entries the list shows with the same filters, as CSV; the export is recorded."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            entries = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest()
        filters = {key: value for key, value in request.GET.items() if value}
        record(request, Action.AUDIT_EXPORT, rows=entries.count(), filters=filters)
        day = timezone.localdate()
        return export.csv_response(entries, f"audit-trail-{day:%Y%m%d}.csv")
