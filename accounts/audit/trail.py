"""Writing the trail: `record`, and the request it is written for.

What happens when an entry cannot be written (the database refuses, a bug). The entry is written
in a savepoint of its own, so a failure never leaves the caller's transaction broken, and the
whole entry is logged at ERROR level (logger "audit"). Then:
- inside a transaction (a service's write not yet committed: an exemption, an import, an
  account's role), `AuditWriteError` is raised: the action rolls back with it, so nothing is
  saved that the trail does not show; the user sees the save fail and nothing half-saved;
- exports and downloads (`actions.BEFORE_THE_FACT`) raise it too: they are recorded before the
  file is made, so no file leaves unrecorded;
- sign-in events (`actions.BEST_EFFORT`) never raise (the request goes on: a trail that cannot
  be written must not lock everyone out, the audit admin included), nor does an action already
  committed (a password changed through allauth's page): raising could not undo it, and the log
  line is its record.
"""

import contextvars
import ipaddress
import json
import logging

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from accounts.audit.actions import BEFORE_THE_FACT, BEST_EFFORT, Action
from accounts.audit.models import TARGET_LENGTH, USER_AGENT_LENGTH, AuditEvent

logger = logging.getLogger("audit")

# The request being served (CurrentRequestMiddleware), so that a service deep below a view can
# record the client's address without every signature carrying the request.
_current_request = contextvars.ContextVar("audit_current_request", default=None)
_UNSET = object()


class AuditWriteError(Exception):
    """The trail could not record an action that must not happen unrecorded."""


def record(
    request,
    action: Action,
    *,
    user=_UNSET,
    username: str = "",
    target: str = "",
    **details,
) -> AuditEvent | None:
    """Write one entry: `action` by `user` (by default the request's signed-in user; None for
    the system: a command, the task worker), about `target` (text: whose account, which file),
    with `details` (JSON: rows, filters, outcome). `request` may be None: the request being
    served is used if there is one, for the client's address and browser."""
    request = request if request is not None else _current_request.get()
    if user is _UNSET:
        signed_in = getattr(request, "user", None)
        user = signed_in if signed_in is not None and signed_in.is_authenticated else None
    entry = AuditEvent(
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        action=action,
        target=str(target)[:TARGET_LENGTH],
        details=details,
        ip_address=client_ip(request),
        user_agent=(request.headers.get("User-Agent", "") if request else "")[:USER_AGENT_LENGTH],
    )
    try:
        with transaction.atomic():
            entry.save()
    except Exception as error:
        logger.exception("Audit entry not written: %s", _as_json(entry))
        stoppable = action in BEFORE_THE_FACT or transaction.get_connection().in_atomic_block
        if action in BEST_EFFORT or not stoppable:
            return None
        raise AuditWriteError(f"The audit trail could not record {action}.") from error
    return entry


def current_request():
    """The request being served, or None (a command, the task worker)."""
    return _current_request.get()


def client_ip(request) -> str | None:
    """The client's address as the sign-in limit sees it (allauth's reading, which trusts
    X-Forwarded-For only as far as ALLAUTH_TRUSTED_PROXY_COUNT says), or None."""
    if request is None:
        return None
    try:
        ip = get_adapter(request).get_client_ip(request)
        return str(ipaddress.ip_address(ip))
    except (PermissionDenied, ValueError, TypeError):
        return None


def _as_json(entry: AuditEvent) -> str:
    fields = ("username", "action", "target", "details", "ip_address", "user_agent")
    return json.dumps(
        {"at": entry.at, **{name: getattr(entry, name) for name in fields}},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    )


class CurrentRequestMiddleware:
    """Makes the request being served known to `record` (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
