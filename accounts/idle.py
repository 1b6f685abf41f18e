"""Backend sessions end when left idle (等级保护 level 3): settings.BACKEND_IDLE_MINUTES.

A user who works in the backend (organiser, district or campaign admin) gets a session that
expires that many minutes after their last request: sign-in sets the expiry and requests move it
on, so the limit slides with activity. Django's session store then refuses the expired session
and the user is signed out. Readers keep SESSION_COOKIE_AGE (two weeks).
"""

import datetime

from django.conf import settings
from django.utils import timezone

# The expiry is written at most once in this long, not on every request (a write each time).
SLACK = datetime.timedelta(seconds=60)


def keep_backend_session_alive(session, user) -> None:
    """Move a backend user's session expiry to BACKEND_IDLE_MINUTES from now (if it moved by more
    than SLACK: the session is saved only then); a reader's session is left as it is."""
    if not (user.is_authenticated and user.is_staff):
        return
    expires = timezone.now() + datetime.timedelta(minutes=settings.BACKEND_IDLE_MINUTES)
    # A date of our own (a string); otherwise the reader's two weeks would still apply.
    dated = isinstance(session.get("_session_expiry"), str)
    if not dated or abs(session.get_expiry_date() - expires) > SLACK:
        session.set_expiry(expires)


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """Receiver of user_logged_in (connected in AccountsConfig.ready): the sign-in's own session
    is dated before it is first saved, so the first page after it writes nothing more."""
    if request is not None and hasattr(request, "session"):
        keep_backend_session_alive(request.session, user)


class BackendIdleTimeoutMiddleware:
    """After AuthenticationMiddleware: each request of a backend user moves the expiry on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Requests without a session (anonymous readers of cached pages) are left alone:
        # touching `request.user` would load the session and add `Vary: Cookie`. A sign-in's
        # session is new (modified): allauth sets its "remember me" expiry after the sign-in
        # signal, so it is dated again here.
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.session.modified:
            keep_backend_session_alive(request.session, request.user)
        return response
