"""The public pages' URLs, under the `documents:` namespace: the portal's home and each campaign's
pages under /c/<slug>/. The addresses of the single-campaign portal keep working, since they
have been shared in chat apps: they lead to the first campaign (Li Bin 2019)."""

from django.urls import path
from django.views.generic import RedirectView

from documents import reading_mode, views
from documents.models import FIRST_CAMPAIGN_SLUG

app_name = "documents"
FIRST = {"slug": FIRST_CAMPAIGN_SLUG}


def moved_to(name: str):
    """301 to the first campaign's page `name`, the query string kept; a browser keeps the
    fragment (#p-3) of the address it asked for, since the new one has none."""
    return RedirectView.as_view(pattern_name=f"documents:{name}", permanent=True, query_string=True)


urlpatterns = [
    path("", views.home, name="home"),
    path("reading-mode/", reading_mode.choose, name="reading-mode"),
    path("c/<slug:slug>/", views.campaign_home, name="campaign"),
    path("c/<slug:slug>/decision/", views.decision, name="decision"),
    path("c/<slug:slug>/profile/", views.profile, name="profile"),
    path("c/<slug:slug>/points/<int:number>/studied/", views.mark_studied, name="mark-studied"),
    # The single-campaign portal's addresses.
    path("decision/", moved_to("decision"), FIRST, name="first-decision"),
    path("li-bin/", moved_to("profile"), FIRST, name="first-profile"),
    path("decision/points/<int:number>/studied/", views.mark_studied, FIRST),
]
