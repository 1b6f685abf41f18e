"""The reports' URLs, included under `reports/` in the `campaign:` namespace."""

from django.urls import path

from campaign.reports import views

urlpatterns = [
    path("", views.dashboard, name="reports"),
    path("units/<int:pk>/", views.unit_ledger, name="unit-ledger"),
    path("summary.xlsx", views.summary_download, {"extension": "xlsx"}, name="summary-xlsx"),
    path("summary.csv", views.summary_download, {"extension": "csv"}, name="summary-csv"),
]
