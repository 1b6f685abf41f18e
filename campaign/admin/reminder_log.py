"""The reminders sent by mail, read only."""

from django.contrib import admin

from campaign.models import ReminderLog


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
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
