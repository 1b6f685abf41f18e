"""The accounts app: users, roles and sign-in."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from allauth.account import signals as allauth_signals
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth import signals as auth_signals
        from django.db.models.signals import post_save, pre_save

        from accounts import security_events as events
        from accounts.adapters import lift_sign_in_pause
        from accounts.idle import start_idle_clock
        from accounts.models import User
        from accounts.two_factor import trail as factors

        allauth_signals.password_reset.connect(
            lift_sign_in_pause, dispatch_uid="lift_sign_in_pause"
        )
        # The audit trail (accounts.security_events).
        for index, (signal, receiver) in enumerate(
            [
                (auth_signals.user_logged_in, events.signed_in),
                (auth_signals.user_logged_out, events.signed_out),
                (auth_signals.user_login_failed, events.sign_in_failed),
                (allauth_signals.password_changed, events.password_changed),
                (allauth_signals.password_set, events.password_changed),
                (allauth_signals.password_reset, events.password_reset),
                (mfa_signals.authenticator_added, factors.factor_added),
                (mfa_signals.authenticator_reset, factors.factor_reset),
                (mfa_signals.authenticator_removed, factors.factor_removed),
                (mfa_signals.authenticator_used, factors.factor_used),
                (mfa_signals.authentication_failed, factors.factor_refused),
            ]
        ):
            signal.connect(receiver, dispatch_uid=f"audit_account_event_{index}")
        # Backend sessions' idle limit starts at sign-in (accounts.idle).
        auth_signals.user_logged_in.connect(start_idle_clock, dispatch_uid="start_idle_clock")
        pre_save.connect(events.remember_stored, sender=User, dispatch_uid="audit_user_stored")
        post_save.connect(
            events.record_account_change, sender=User, dispatch_uid="audit_user_change"
        )
