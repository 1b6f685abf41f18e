"""Root URLconf: the one place that knows every app."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from accounts import views as accounts_views
from campaign.conf.health import healthz

# The admin signs people in through allauth (rate limits, password reset) rather than its own form.
admin.site.login = secure_admin_login(admin.site.login)

# While the database is out of reach: 503 with Retry-After and one log line (see errors).
handler500 = "campaign.conf.errors.server_error"


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever a page names: to the static file,
    which whitenoise serves (not permanently: its hashed name changes with the file)."""
    return redirect(static("favicon.ico"))


urlpatterns = [
    path("", include("campaign.urls")),
    path("", include("documents.urls")),
    # Before the admin site's own: starting a campaign from its decision's file.
    path("admin/start-campaign/", include("campaign.admin.starting")),
    path("admin/", admin.site.urls),
    # Before allauth's: its sign-in with a 429, and no self-service e-mail addresses.
    path("accounts/login/", accounts_views.login, name="account_login"),
    path("accounts/email/", accounts_views.no_email_management, name="account_email"),
    path("accounts/", include("allauth.urls")),
    # Exempt from CSRF: the public pages are cached whole, without a token, and the worst a forged
    # post can do here is change the reader's interface language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("feedback/", include("campaign.feedback.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
]
