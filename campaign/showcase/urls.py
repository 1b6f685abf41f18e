"""The showcase's and search's URLs, in the `campaign:` namespace. Each campaign has its showcase
under its own address (/c/<slug>/reflections/); /reflections/, shared in chat apps before there
were several campaigns, answers with the first campaign's, its filters (?point=N) unchanged."""

from django.urls import path

from campaign.showcase import views
from documents.models import FIRST_CAMPAIGN_SLUG

urlpatterns = [
    path("c/<slug:slug>/reflections/", views.showcase, name="campaign-showcase"),
    path("reflections/", views.showcase, {"slug": FIRST_CAMPAIGN_SLUG}, name="showcase"),
    path("reflections/<int:pk>/", views.reflection, name="showcase-detail"),
    path("search/", views.search, name="search"),
]
