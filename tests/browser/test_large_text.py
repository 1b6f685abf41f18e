"""The large-text mode and 200 % zoom (issue 21): every public page and /reports/ on a 390 px
phone zoomed to 200 % (195 CSS px at device scale 2) and at 320 CSS px, in both reading modes, with
no sideways scroll and no serious barrier; no reading text under 16 px in the normal mode, 22 px
and 7:1 contrast in the large one; and the switch working without script."""

import pytest
from playwright.sync_api import expect

from documents.loader import load_decision
from tests.browser.judges import (
    barriers,
    broken_rules,
    page_width,
    share_of_text_under,
    signed_in,
    smallest_text,
    sticking_out,
)
from tests.documents.folders import sample_folder

SCREENS = {
    "200 % zoom": {"viewport": {"width": 195, "height": 422}, "device_scale_factor": 2},
    "320 px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3}
MODES = ["normal", "large"]


def reader(browser, live_server, mode: str, screen: dict, user=None):
    """A page of a new browser context in the reading `mode`, signed in as `user` if given."""
    context = browser.new_context(**screen, locale="zh-CN")
    if mode == "large":
        context.add_cookies([{"name": "reading", "value": "large", "url": live_server.url}])
    if user is not None:
        signed_in(context, live_server.url, user)
    return context.new_page()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_public_page_and_the_reports_reflow_without_a_barrier(
    browser, live_server, tree, public_paths, mode, screen
):
    found = {}
    for user, paths in [(None, public_paths), (tree.district_admin, ["/reports/"])]:
        page = reader(browser, live_server, mode, SCREENS[screen], user)
        for path in paths:
            assert page.goto(live_server.url + path).status == 200, path
            assert page.evaluate("document.documentElement.classList.contains('large-text')") == (
                mode == "large"
            )
            scroll_width, client_width = page_width(page)
            if scroll_width > client_width:
                found[path] = [f"{scroll_width} px wide in {client_width}", *sticking_out(page)[:5]]
            if problems := barriers(page):
                found.setdefault(path, []).extend(problems)
        page.context.close()
    assert not found, found


def test_no_reading_text_under_16_px_in_the_normal_mode(browser, live_server, public_paths):
    page = reader(browser, live_server, "normal", PHONE)
    shares = {}
    for path in public_paths:
        page.goto(live_server.url + path)
        shares[path] = share_of_text_under(page, 16)
    page.context.close()
    assert shares == dict.fromkeys(public_paths, 0.0)


def test_the_large_mode_sets_every_text_from_22_px_at_7_to_1(
    browser, live_server, public_paths, tmp_path
):
    load_decision(sample_folder(tmp_path / "sample"))  # its 示例 marks and notice
    page = reader(browser, live_server, "large", PHONE)
    found = {}
    for path in [*public_paths, "/c/sample-2026/", "/c/sample-2026/decision/"]:
        page.goto(live_server.url + path)
        body = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
        smallest = smallest_text(page)
        if body < 22 or smallest < 22:
            found[path] = f"body {body} px, smallest text {smallest} px"
        # WCAG's AAA contrast (7:1; 4.5:1 for large text), a rule axe runs only when asked.
        if problems := broken_rules(page, ["color-contrast-enhanced"]):
            found[path] = problems
    page.context.close()
    assert not found, found


def test_the_switch_works_without_script_and_is_remembered(browser, live_server, decision):
    context = browser.new_context(**PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/c/li-bin-2019/decision/#p-3")

    page.locator("#reading-switch-page").click()

    expect(page.locator("html")).to_have_class("large-text")
    assert page.url.endswith("/c/li-bin-2019/decision/")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 22
    page.goto(live_server.url + "/")  # another page, the choice remembered
    expect(page.locator("html")).to_have_class("large-text")

    page.locator("header").get_by_role("button", name="标准字号").click()

    expect(page.locator("html")).not_to_have_class("large-text")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 16
    context.close()


def test_reflections_and_reports_name_their_landmarks_and_order_their_headings(
    browser, live_server, tree, public_paths
):
    found = {}
    for user, paths in [(None, public_paths), (tree.district_admin, ["/reports/"])]:
        page = reader(browser, live_server, "normal", PHONE, user)
        for path in paths:
            page.goto(live_server.url + path)
            if problems := broken_rules(page, ["heading-order", "landmark-unique"]):
                found[path] = problems
        page.context.close()
    assert not found, found
