"""Root URLconf: the one place that knows every app."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from campaign import views
from campaign.health import healthz

# The admin signs people in through allauth (rate limits, password reset) rather than its own form.
admin.site.login = secure_admin_login(admin.site.login)

# The campaign app's own pages, under the `campaign:` namespace.
campaign_patterns = [
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("reports/", views.dashboard, name="reports"),
    path(
        "reports/summary.xlsx", views.summary_download, {"extension": "xlsx"}, name="summary-xlsx"
    ),
    path("reports/summary.csv", views.summary_download, {"extension": "csv"}, name="summary-csv"),
]

urlpatterns = [
    path("", include((campaign_patterns, "campaign"))),
    path("", include("documents.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]
