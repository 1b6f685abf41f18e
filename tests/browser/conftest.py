"""Playwright drives Debian's Chromium (never `playwright install`, which cannot download here).

Without Chromium the browser tests skip with the reason, unless REQUIRE_BROWSER_TESTS is set (CI
sets it), in which case they fail.
"""

import os
import shutil

import pytest

from campaign.choices import ReflectionStatus
from documents.models import Paragraph
from tests.factories import ReflectionFactory

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(f"{reason}, and REQUIRE_BROWSER_TESTS is set")
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def phone(browser, live_server, transactional_db):
    """A page at a 375 × 812 phone viewport, with the live server's URL as `phone.base`."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def public_paths(tree) -> list[str]:
    """Every kind of public page, a shared reflection and the sign-in page included."""
    shared = ReflectionFactory(
        organisation=tree.unit,
        title="工匠精神的体会",
        quoted_paragraph=Paragraph.objects.get(document__campaign__slug="li-bin-2019", number=9),
        status=ReflectionStatus.FEATURED,
        public_consent=True,
    )
    return [
        "/",
        "/c/li-bin-2019/",
        "/c/li-bin-2019/decision/",
        "/c/li-bin-2019/profile/",
        "/reflections/",
        "/c/li-bin-2019/reflections/",
        shared.showcase_url(),
        "/search/?q=工匠精神",
        "/accounts/login/",
    ]
