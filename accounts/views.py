"""Where the portal's accounts differ from allauth's pages: the sign-in answers 429 when the
sign-in limit is reached, and nobody manages their own e-mail addresses."""

from allauth.account import views as allauth_views
from django.conf import settings
from django.http import Http404

from accounts import audit
from accounts.audit.actions import Action

TOO_MANY = "too_many_login_attempts"


def login(request, *args, **kwargs):
    """allauth's sign-in. Five wrong passwords for an account pause its sign-in for five
    minutes (ACCOUNT_RATE_LIMITS, counted in the shared cache, so across every worker and
    server); the page then says so with HTTP 429, and a password reset lifts the pause."""
    response = allauth_views.login(request, *args, **kwargs)
    form = (getattr(response, "context_data", None) or {}).get("form")
    paused = (
        form is not None
        and form.is_bound
        and not form.is_valid()
        and any(error.code == TOO_MANY for error in form.non_field_errors().as_data())
    )
    if paused:
        audit.record(
            request, Action.SIGN_IN_PAUSED, user=None, username=request.POST.get("login", "")
        )
        response.status_code = 429
        response["Retry-After"] = str(settings.LOGIN_PAUSE_SECONDS)
    return response


def no_email_management(request, *args, **kwargs):
    """Accounts and their e-mail addresses are an administrator's to set. allauth's page let a
    reader add anyone's address to their own account, unverified (and so take it from its
    owner, and receive that person's password resets once it became primary)."""
    raise Http404("E-mail addresses are set by an administrator.")
