"""Reports read from a PostgreSQL streaming replica, when there is one (DATABASE_REPLICA_URL).

Only the views wrapped in `reports_from_replica` (the dashboard and the 汇总表 downloads) read
there, and only their own queries: the session and the user were read from the primary before.
Everything else, every write and every page of the backend, uses the primary. A replica lags the
primary by a moment, so a user who has just written something (`WRITES_SEEN_FOR` seconds since
their last successful form post, `RecentWritesMiddleware`) reads their reports from the primary
and sees what they wrote at once.
"""

import contextvars
import functools
import time

from django.conf import settings
from django.db import connections

ALIAS = "replica"
# Longer than any lag worth tolerating; a user's reports come from the primary for this long
# after they write.
WRITES_SEEN_FOR = 30
_SESSION_KEY = "campaign_wrote_at"
_reading = contextvars.ContextVar("campaign_reports_from_replica", default=False)


def read_alias() -> str:
    """The database the current code should read its reports from."""
    return ALIAS if _reading.get() else "default"


def read_connection():
    """The connection for raw SQL that reads a report (the router covers the ORM)."""
    return connections[read_alias()]


class ReplicaRouter:
    """The ORM's reads inside `reports_from_replica` go to the replica; nothing else does."""

    def db_for_read(self, model, **hints):
        return ALIAS if _reading.get() else None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != ALIAS  # a replica follows its primary, migrations included


def reports_from_replica(view):
    """Run `view`'s reads on the replica, unless there is none or the user just wrote."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if ALIAS not in settings.DATABASES or _wrote_lately(request):
            return view(request, *args, **kwargs)
        token = _reading.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading.reset(token)

    return wrapped


def _wrote_lately(request) -> bool:
    session = getattr(request, "session", None)
    wrote_at = session.get(_SESSION_KEY, 0) if session is not None else 0
    return time.time() - wrote_at < WRITES_SEEN_FOR


class RecentWritesMiddleware:
    """Notes in the session when a signed-in user last wrote (a form post that succeeded), so
    that their reports come from the primary while a replica may not have their write yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            ALIAS in settings.DATABASES
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            request.session[_SESSION_KEY] = time.time()
        return response
