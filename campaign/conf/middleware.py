"""Middleware of the portal as a whole."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the reader chose another language with the switcher.

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so a phone set to
    English would get an English campaign site nobody asked for; here only the switcher's cookie
    changes the language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseNulMiddleware:
    """A query string with a NUL character (`?term=%00`) is refused with 400.

    PostgreSQL cannot hold NUL in text, so a search or lookup with one failed with a server
    error; forms already refuse it field by field (Django's null-character validator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            raise BadRequest("NUL in the query string")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class WeChatDownloadMiddleware:
    """Inside WeChat (its in-app browser says MicroMessenger), a download goes nowhere: the
    browser cannot save files. So every download (the 汇总表, exports, meeting records, an
    attachment that is not shown inline) answers there with a page that says to open the link in
    the system browser and offers the link to copy. Other browsers download as before.

    A view marked `is_download` (one that takes time to make its file) is answered before it
    runs; any other response that turns out to be a download is replaced by the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _in_wechat(request) and response.get("Content-Disposition", "").startswith("attachment"):
            # The file behind a FileResponse, closed; not `response.close()`, which would also
            # announce the end of the request and close the database connection under us.
            if file := getattr(response, "file_to_stream", None):
                file.close()
            return _open_elsewhere(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _in_wechat(request) and getattr(view_func, "is_download", False):
            return _open_elsewhere(request)
        return None


def _in_wechat(request) -> bool:
    return "micromessenger" in request.headers.get("User-Agent", "").lower()


def _open_elsewhere(request):
    if request.method == "GET":
        link = request.build_absolute_uri()
    else:  # a form's download (an export): the page with the form, if it is ours
        referer = request.headers.get("Referer", "")
        link = (
            referer
            if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
            else request.build_absolute_uri(request.path)
        )
    response = render(request, "wechat_download.html", {"link": link})
    add_never_cache_headers(response)
    return response
