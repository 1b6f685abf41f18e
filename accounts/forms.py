"""allauth's sign-in form, labelled for the portal: one field takes a username or an e-mail."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.landing import CAME_FROM_FIELD, came_from


class LoginForm(AllauthLoginForm):
    # The page the sign-in page was opened from, where a reader goes back to (accounts.landing).
    came_from = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.request is not None:
            self.fields[CAME_FROM_FIELD].initial = came_from(self.request)
        field = self.fields["login"]
        field.label = _("Username or e-mail")
        field.widget.attrs.update(
            # Browsers and password managers fill in the account name, which may be either.
            autocomplete="username",
            placeholder=_("Username or e-mail"),
        )
