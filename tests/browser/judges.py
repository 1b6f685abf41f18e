"""Outside judges in the browser: axe-core (the engine axe-playwright-python ships) and sessions
opened without the sign-in form, so a walk over many pages stays quick."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

AXE = Axe()
# The impacts a page may not have: axe's own scale is minor, moderate, serious, critical.
BARRED = {"serious", "critical"}


def barriers(page) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line per element."""
    # No preload: axe would fetch admin's `@import url(widgets.css)` against the page's address.
    results = AXE.run(page, options={"resultTypes": ["violations"], "preload": False})
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])}"
        for violation in results.response["violations"]
        if violation["impact"] in BARRED
        for node in violation["nodes"]
    ]


def signed_in(context, base: str, user) -> None:
    """Give the browser context a session of `user`, as the sign-in form would."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}]
    )
