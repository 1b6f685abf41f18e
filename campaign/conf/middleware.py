"""Middleware of the portal as a whole."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
