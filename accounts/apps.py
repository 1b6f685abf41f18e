"""The accounts app: users, roles and sign-in."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from allauth.account.signals import password_reset

        from accounts.adapters import lift_sign_in_pause

        password_reset.connect(lift_sign_in_pause, dispatch_uid="lift_sign_in_pause")
