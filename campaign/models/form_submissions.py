"""Add forms saved once: the record of each one-time token an add form was submitted with."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """An add form's one-time token (`campaign.admin.submitted_once`), and what its first submit saved.

    Unique, so a second submit of the same form (a double click on 保存, a reload, a retry after
    a lost answer) finds the first one's row instead of saving another. Rows are kept for
    `admin.submitted_once.TOKENS_KEPT` and then removed.
    """

    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100)  # "app_label.model_name"
    object_id = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return str(self.token)
