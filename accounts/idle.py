"""Backend sessions end when left idle (等级保护 level 3): settings.BACKEND_IDLE_MINUTES.

A user who works in the backend (organiser, district or campaign admin) gets a session that
expires that many minutes after their last request: requests move the expiry on, so the limit
slides with activity. Django's session store then refuses the expired session and the user is
signed out. Readers keep SESSION_COOKIE_AGE (two weeks).
"""

import datetime

from django.conf import settings
from django.utils import timezone

# The expiry is written at most once in this long, not on every request (a write each time).
SLACK = datetime.timedelta(seconds=60)


class BackendIdleTimeoutMiddleware:
    """After AuthenticationMiddleware. Works on the response, so the request that signs a user in
    (allauth's login sets `request.user`) starts the idle clock as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Requests without a session (anonymous readers of cached pages) are left alone:
        # touching `request.user` would load the session and add `Vary: Cookie`.
        if not (request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.session.modified):
            return response
        user = request.user
        if user.is_authenticated and user.is_staff:
            session = request.session
            expires = timezone.now() + datetime.timedelta(minutes=settings.BACKEND_IDLE_MINUTES)
            # A date of our own (a string); otherwise the reader's two weeks still apply.
            dated = isinstance(session.get("_session_expiry"), str)
            if not dated or abs(session.get_expiry_date() - expires) > SLACK:
                session.set_expiry(expires)
        return response
