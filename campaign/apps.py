"""The campaign app: organisations, sessions, reflections, their reports and exchange."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    # Not 学习活动, the name of its sessions: "首页 › 学习活动 › 学习活动" said it twice.
    verbose_name = _("Campaign records")

    def ready(self):
        from django.db.backends.signals import connection_created

        from campaign.exchange.escaping import register_sqlite_function

        connection_created.connect(register_sqlite_function)
