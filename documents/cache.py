"""The public pages from Django's cache: the same for every anonymous reader, so rendered once.

An anonymous GET of `/` or of a campaign's pages (`/c/<slug>/`, its decision and its profile; no
session, no message waiting to be shown, no query string) is answered from a cached copy of the
whole page, kept plain and gzip'd, with an ETag and Last-Modified, and 304 when the reader already
has it. Each campaign's pages are kept under keys of their own, and each page once per reading
mode (`documents.reading_mode`): the large-text reader's copy never reaches a normal reader.
Signed-in readers get the page rendered for them (their header, their links) around cached
fragments of its body. The cache is shared by a server's workers (a file cache by default) or by
several servers (Redis, REDIS_URL), so `forget()`, which `load_decision` calls for the campaign
it changed, reaches every one of them.

Each worker also keeps the pages it served for a second (`LOCAL_SECONDS`) without asking the
shared cache again: reading it is the largest cost left of a cached page. So a change is seen by
every worker within a second of `forget()`, and at once by the process that called it.
"""

import functools
import gzip
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from documents.models import MOST_POINTS, Campaign
from documents.reading_mode import MODES, mode_of

# Kept until the content changes (`forget`); a day at most, should a change go unannounced.
TIMEOUT = 24 * 60 * 60
LOCAL_SECONDS = 1.0
_local: dict[str, tuple[float, dict]] = {}  # this process's copies: key -> (read at, entry)
CAMPAIGN_PAGES = ("campaign", "decision", "profile")
# The fragments of the pages' bodies that signed-in readers get from the cache (templates): the
# portal's home's, varying by language, and each campaign's, varying by its slug and language.
# The decision's text is cut in sections, one per learning point and the rest, numbered from 1.
HOME_FRAGMENT = "home-body"
CAMPAIGN_FRAGMENTS = ("campaign-body", "decision-head", "decision-foot", "profile-body")
SECTIONS = "decision-section"
MOST_SECTIONS = MOST_POINTS + 1


def _key(page: str, language: str, mode: str, slug: str = "") -> str:
    where = f"{page}:{slug}" if slug else page
    return f"public-page:{where}:{language}:{mode}"


def public_page(page: str):
    """Serve the decorated view's page to anonymous readers from the cache; a campaign's pages
    (the view takes its `slug`) under keys of their own."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(page, translation.get_language(), mode_of(request), kwargs.get("slug", ""))
            entry = _cached(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                entry = _entry(response)
                cache.set(key, entry, TIMEOUT)
                _local[key] = (time.monotonic(), entry)
            return _respond(request, entry)

        return wrapper

    return decorator


def _cached(key: str) -> dict | None:
    now = time.monotonic()
    read_at, entry = _local.get(key, (0.0, None))
    if entry is None or now - read_at > LOCAL_SECONDS:
        entry = cache.get(key)
        if entry is not None:
            _local[key] = (now, entry)
    return entry


def _cacheable(request) -> bool:
    """An anonymous reader's plain GET: no session (so no sign-in), no message to show."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.COOKIES.get("messages")
    )


def _entry(response: HttpResponse) -> dict:
    body = response.content
    return {
        "body": body,
        "gzip": gzip.compress(body, compresslevel=6),
        "etag": hashlib.sha256(body).hexdigest()[:32],
        "modified": timezone.now().timestamp(),
        "content_type": response["Content-Type"],
    }


def _respond(request, entry: dict) -> HttpResponse:
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    etag = entry["etag"] + ("-gzip" if gzipped else "")  # one tag per representation
    response = HttpResponse(
        entry["gzip"] if gzipped else entry["body"], content_type=entry["content_type"]
    )
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = quote_etag(etag)
    response["Last-Modified"] = http_date(entry["modified"])
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    patch_cache_control(response, no_cache=True)  # a browser asks again, and gets 304
    return get_conditional_response(
        request, etag=quote_etag(etag), last_modified=int(entry["modified"]), response=response
    )


def forget(*slugs: str) -> None:
    """Drop the cached pages and fragments of the campaigns `slugs` (of every campaign when none
    is named) and the portal's home, which lists them, in every language."""
    if not slugs:
        slugs = tuple(Campaign.objects.values_list("slug", flat=True))
    keys = []
    for language, _name in settings.LANGUAGES:
        keys += [_key("home", language, mode) for mode in MODES]
        keys.append(make_template_fragment_key(HOME_FRAGMENT, [language]))
        for slug in slugs:
            keys += [_key(page, language, mode, slug) for page in CAMPAIGN_PAGES for mode in MODES]
            keys += [
                make_template_fragment_key(name, [slug, language]) for name in CAMPAIGN_FRAGMENTS
            ]
            keys += [
                make_template_fragment_key(SECTIONS, [slug, language, number])
                for number in range(1, MOST_SECTIONS + 1)
            ]
    cache.delete_many(keys)
    _local.clear()


def forget_local_copies() -> None:
    """Drop this process's own copies only: after the shared cache was emptied (tests)."""
    _local.clear()
