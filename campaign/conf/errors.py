"""The answer to a request that failed on the server: 503 while the database is out of reach
(a restart, a failover: the reader should simply try again), the generic 500 page otherwise.

Both pages are self-contained templates rendered without the request: they must not need the
database, the session or the user to be shown.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as generic_server_error

logger = logging.getLogger("campaign.unavailable")

# Seconds a client (or a proxy) should wait before trying again; a PostgreSQL restart takes a few.
RETRY_AFTER = 10


def server_error(request):
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return generic_server_error(request)
    # One line per request, not Django's traceback: an outage is not a bug, and a log flooded
    # with tracebacks hides the first line that says what happened.
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    logger.warning("%s %s: database unavailable: %s", request.method, request.path, reason)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # Django's request log would add the traceback again
    return response
