"""The reading mode for older eyes: large text in high contrast, chosen with one button.

The choice is a cookie, read by the server, so the page comes already in the chosen mode: no
script, no flash of small text. Public pages stay cached whole, one copy per mode (`documents.cache`
keys by `mode_of`); the fragments inside them hold no mode, which lives only on `<html>`'s class.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

COOKIE = "reading"
LARGE = "large"
NORMAL = "normal"
MODES = (NORMAL, LARGE)
KEPT_FOR = 365 * 24 * 60 * 60  # a year: a reader should not have to choose again


def mode_of(request) -> str:
    """The reading mode the reader chose: `large`, else `normal` (whatever the cookie holds)."""
    return LARGE if request.COOKIES.get(COOKIE) == LARGE else NORMAL


def mode_in_context(request) -> dict:
    """Template context: `large_text`, true in the large-text mode."""
    return {"large_text": mode_of(request) == LARGE}


# Exempt from CSRF as the language switch is: the public pages are cached whole, without a token,
# and the worst a forged post can do is make a reader's text larger or smaller.
@csrf_exempt
@require_POST
def choose(request):
    """Set the mode posted (`mode`), then back to the page the reader was on (`next`)."""
    mode = request.POST.get("mode")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if mode == LARGE:
        response.set_cookie(
            COOKIE,
            LARGE,
            max_age=KEPT_FOR,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
