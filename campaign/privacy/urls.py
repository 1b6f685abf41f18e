"""The privacy pages' URLs, in the `campaign:` namespace."""

from django.urls import path

from campaign.privacy import views

urlpatterns = [
    path("", views.rules, name="privacy"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data.json", views.my_data_download, name="my-data-download"),
]
