"""The showcase's and search's URLs, in the `campaign:` namespace."""

from django.urls import path

from campaign.showcase import views

urlpatterns = [
    path("reflections/", views.showcase, name="showcase"),
    path("reflections/<int:pk>/", views.reflection, name="showcase-detail"),
    path("search/", views.search, name="search"),
]
