"""The documents app: what the decision says."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    # The backend's section of the campaigns (their decisions are edited on each campaign's page).
    verbose_name = _("Campaigns and their decisions")
