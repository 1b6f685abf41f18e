"""django-allauth's adapter: how the portal differs from allauth's defaults."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from accounts.landing import landing_url


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators: nobody signs up on their own."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The pause also stops the account's owner: say how long, and how to lift it at once.
        "too_many_login_attempts": _(
            "Too many wrong passwords for this account: signing in to it is paused for five "
            "minutes. If the account is yours, reset your password to sign in at once."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        """Without a `?next=`: the backend for those who work in it, else the page the reader
        came from (accounts.landing)."""
        return landing_url(request, super().get_login_redirect_url(request))

    def lift_sign_in_pause(self, request, user) -> None:
        """After a password reset, the pause is lifted whichever way the account signs in: by
        username or by e-mail (allauth lifts it only for the addresses in its own table)."""
        self._delete_login_attempts_cached_email(request, username=user.username)
        if user.email:
            self._delete_login_attempts_cached_email(request, email=user.email)


def lift_sign_in_pause(sender, request, user, **kwargs) -> None:
    """Receiver of allauth's password_reset signal (connected in AccountsConfig.ready)."""
    AccountAdapter(request).lift_sign_in_pause(request, user)
