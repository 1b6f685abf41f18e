"""Where a user lands after signing in, when no `?next=` says (allauth follows a safe `next`
first): those who work in the backend on its front page, a reader back on the page they came
from (the sign-in page's Referer, carried through the form as `came_from`)."""

from urllib.parse import urlsplit, urlunsplit

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

CAME_FROM_FIELD = "came_from"
# Pages a reader is never sent back to: signing in again, signing out, resetting a password.
NOT_BACK_TO = ("/accounts/",)


def safe_path(request: HttpRequest, url: str) -> str | None:
    """`url` as a path on this site, if it is one a reader may be sent back to, else None."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    if not parts.path.startswith("/") or parts.path.startswith(NOT_BACK_TO):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def came_from(request: HttpRequest) -> str:
    """The page the sign-in page was opened from, as a path (or "")."""
    return safe_path(request, request.headers.get("Referer", "")) or ""


def landing_url(request: HttpRequest, default: str) -> str:
    user = request.user
    if user.is_staff:  # organisers and administrators: the backend (accounts.User.save)
        return reverse("admin:index")
    return safe_path(request, request.POST.get(CAME_FROM_FIELD, "")) or default
