"""意见建议: opinions and complaints any visitor sends, answered by campaign admins."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "campaign.feedback"
    label = "feedback"  # its table and migrations keep the name they were made with
    verbose_name = _("Opinions and complaints")
    default_auto_field = "django.db.models.BigAutoField"
