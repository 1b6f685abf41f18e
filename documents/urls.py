"""The public pages' URLs, under the `documents:` namespace."""

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("decision/", views.decision, name="decision"),
    path("li-bin/", views.profile, name="profile"),
    path("decision/points/<int:number>/studied/", views.mark_studied, name="mark-studied"),
]
