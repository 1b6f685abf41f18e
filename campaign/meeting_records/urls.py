"""The meeting records' URLs, included under `sessions/` in the `campaign:` namespace."""

from django.urls import path

from campaign.meeting_records import views

urlpatterns = [
    path("<int:pk>/record.docx", views.session_record, name="session-record"),
    path("records.zip", views.session_records, name="session-records"),
]
