"""Outside judges in the browser: axe-core (the engine axe-playwright-python ships) and sessions
opened without the sign-in form, so a walk over many pages stays quick."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.second_factor import record_second_factor

AXE = Axe()
# The impacts a page may not have: axe's own scale is minor, moderate, serious, critical.
BARRED = {"serious", "critical"}


def barriers(page) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line per element."""
    page.wait_for_load_state()  # a document still loading may have no root yet for axe
    # No preload: axe would fetch admin's `@import url(widgets.css)` against the page's address.
    results = AXE.run(page, options={"resultTypes": ["violations"], "preload": False})
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])}"
        for violation in results.response["violations"]
        if violation["impact"] in BARRED
        for node in violation["nodes"]
    ]


def signed_in(context, base: str, user) -> None:
    """Give the browser context a session of `user`, as the sign-in form would (the second
    factor's code included)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    record_second_factor(session, user)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}]
    )


# Measures of the text on a page as a reader sees it: every visible character of text, and the
# computed font size of the element that holds it (visually hidden text and <option>s aside).
TEXT_SIZES = """() => {
    const sizes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const characters = node.textContent.replace(/\\s+/g, "").length;
        const holder = node.parentElement;
        if (!characters || holder.closest("script, style, option, .visually-hidden")) continue;
        const style = getComputedStyle(holder);
        if (style.visibility === "hidden" || !holder.getClientRects().length) continue;
        sizes.push([parseFloat(style.fontSize), characters]);
    }
    return sizes;
}"""


def share_of_text_under(page, pixels: float = 16) -> float:
    """The share (0–1) of the visible characters on the page set in less than `pixels` CSS px."""
    sizes = page.evaluate(TEXT_SIZES)
    total = sum(characters for _size, characters in sizes)
    small = sum(characters for size, characters in sizes if size < pixels - 0.01)
    return small / total if total else 0.0


def smallest_text(page) -> float:
    """The smallest font size (CSS px) of any visible text on the page."""
    return min(size for size, _characters in page.evaluate(TEXT_SIZES))


def page_width(page) -> tuple[int, int]:
    """(scrollWidth, clientWidth) of the page: wider than the screen means a sideways scroll."""
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def sticking_out(page) -> list[str]:
    """The elements that reach past the right edge of the screen (what makes a page scroll
    sideways), innermost first, as tag.class: what to fix when `page_width` says too wide."""
    return page.evaluate(
        """() => {
            const edge = document.documentElement.clientWidth;
            return Array.from(document.body.querySelectorAll("*"))
                .filter((element) => element.getBoundingClientRect().right > edge + 0.5
                    && !element.closest(".table-scroll, .visually-hidden, .skip-link"))
                .reverse()
                .map((element) => element.tagName.toLowerCase()
                    + (element.className && element.className.baseVal === undefined
                        ? "." + element.className.split(" ").join(".") : "")
                    + " " + Math.round(element.getBoundingClientRect().right));
        }"""
    )


def broken_rules(page, rules: list[str]) -> list[str]:
    """axe's violations of the named rules only, whatever their impact: rules axe does not run by
    default (AAA contrast, `color-contrast-enhanced`) or rates below serious (`heading-order`)."""
    results = AXE.run(
        page,
        options={"runOnly": {"type": "rule", "values": rules}, "preload": False},
    )
    return [
        f"{violation['id']}: {' '.join(node['target'])}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
