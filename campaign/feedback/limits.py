"""How many opinions may be sent: per address and in all, per window (settings.FEEDBACK_*).

Counted in Django's cache, which the sign-in limit uses as well: shared by a server's workers
(the file cache) and by several servers (Redis, REDIS_URL), so the limit holds across them. The
address is the one allauth's sign-in limit counts (its adapter's `get_client_ip`); an IPv6
address counts by its /64 network, which one subscriber usually holds whole.
"""

import ipaddress
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache


def _window() -> tuple[int, int]:
    """The current window's number and the seconds left in it."""
    seconds = settings.FEEDBACK_WINDOW_SECONDS
    now = int(time.time())
    return now // seconds, seconds - now % seconds


def _count(key: str, timeout: int) -> int:
    """Add one to the counter `key` and return it; it lives until the window ends."""
    if cache.add(key, 1, timeout):
        return 1
    try:
        count = cache.incr(key)  # atomic in Redis
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1
    # The file cache's incr sets the value again with the default timeout (300 s): put the
    # window's end back, or the count would start over after five quiet minutes.
    cache.touch(key, timeout)
    return count


def _address(request) -> str:
    address = get_adapter(request).get_client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return address


def check_send_allowed(request) -> int | None:
    """Count this send; None when allowed, else the seconds until the window ends."""
    window, left = _window()
    address = _address(request)
    if _count(f"feedback:send:{window}:ip:{address}", left + 1) > settings.FEEDBACK_LIMIT_PER_IP:
        # Not counted in all as well: one address alone cannot close the channel for everyone.
        return left
    if _count(f"feedback:send:{window}:all", left + 1) > settings.FEEDBACK_LIMIT_GLOBAL:
        return left
    return None
