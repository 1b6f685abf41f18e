"""Root URLconf: the one place that knows every app."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from campaign.conf.health import healthz

# The admin signs people in through allauth (rate limits, password reset) rather than its own form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("campaign.urls")),
    path("", include("documents.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]
