"""The backend of 意见建议: campaign admins read, answer and close what visitors sent.

Who may is the role table's (campaign/permissions.py grants view and change of opinions to
campaign admins only); no one adds or deletes one here.
"""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from campaign.feedback.models import Opinion
from campaign.feedback.services import opinion_answer


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "category", "status", "excerpt", "answered_at"]
    list_filter = ["status", "category", ("sent_at", admin.DateFieldListFilter)]
    search_fields = ["text", "contact", "answer"]
    fields = [
        "sent_at",
        "category",
        "text",
        "contact",
        "answer",
        "status",
        "answered_at",
        "answered_by",
    ]
    readonly_fields = ["sent_at", "category", "text", "contact", "answered_at", "answered_by"]
    show_full_result_count = False

    @admin.display(description=_("opinion"))
    def excerpt(self, obj: Opinion) -> str:
        return Truncator(obj.text).chars(40)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        opinion_answer(
            opinion=obj,
            answer=form.cleaned_data["answer"],
            status=form.cleaned_data["status"],
            by=request.user,
        )
