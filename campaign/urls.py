"""The campaign's own pages, under the `campaign:` namespace."""

from django.urls import include, path

from campaign import views

app_name = "campaign"

urlpatterns = [
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("reports/", include("campaign.reports.urls")),
    path("sessions/", include("campaign.meeting_records.urls")),
    path("privacy/", include("campaign.privacy.urls")),
    path("", include("campaign.showcase.urls")),
]
