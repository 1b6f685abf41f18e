"""allauth's sign-in form, labelled for the portal: one field takes a username or an e-mail."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Username or e-mail")
        field.widget.attrs.update(
            # Browsers and password managers fill in the account name, which may be either.
            autocomplete="username",
            placeholder=_("Username or e-mail"),
        )
