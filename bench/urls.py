"""The portal's URLs and `/bench/constant`: the cheapest page Django can serve through the same
middleware, the reference every public page's requests per second are divided by."""

from django.http import HttpResponse
from django.urls import include, path


def constant(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/constant", constant),
    path("", include("campaign.conf.urls")),
]
