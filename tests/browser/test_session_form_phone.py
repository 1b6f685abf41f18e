"""The organiser's session form on a phone (issue 21): absentee and attachment rows as cards, each
field under its label, no sideways scroll at 390 and 320 px nor at 200 % zoom; usable with the
keyboard alone, with a visible focus."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from campaign.choices import AbsenceReason
from campaign.models import SessionAttachment, StudySession
from tests.browser.judges import barriers, signed_in
from tests.campaign.entries import days_ago
from tests.factories import PASSWORD, StudySessionFactory
from tests.samples import PNG, upload

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "session-form-phone.png"
# A 390 px phone; at 200 % zoom the page lays out in half the CSS pixels, each drawn twice as big.
SCREENS = {
    "390 px": ({"width": 390, "height": 844}, 1),
    "320 px": ({"width": 320, "height": 640}, 1),
    "390 px at 200 %": ({"width": 195, "height": 422}, 2),
}
WIDER_THAN_THE_SCREEN = "document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def with_rows(tree, media):
    """A session as organisers record them: two absentees (one with a long note) and a photo."""
    session = StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(3),
        title="学习李斌同志先进事迹专题会",
        absentees=[
            ("张伟", AbsenceReason.SICK, ""),
            ("欧阳晓明", AbsenceReason.OTHER, "借调区委参加第二届进博会城市服务保障工作"),
        ],
    )
    SessionAttachment(session=session, file=upload("会场照片.png", PNG)).save()
    return session


def open_form(browser, live_server, user, session, viewport, scale=1):
    context = browser.new_context(
        viewport=viewport, device_scale_factor=scale, locale="zh-CN", has_touch=scale == 1
    )
    signed_in(context, live_server.url, user)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/campaign/studysession/{session.pk}/change/")
    return context, page


@pytest.mark.parametrize("screen", SCREENS)
def test_the_session_form_with_absentees_fits_the_phone(
    browser, live_server, tree, with_rows, screen
):
    viewport, scale = SCREENS[screen]
    context, page = open_form(browser, live_server, tree.organiser, with_rows, viewport, scale)
    absentees = page.locator("#absentees-group")
    # Each absentee is a card: its name, reason and note under their visible labels.
    card = absentees.locator("tr.form-row", has=page.locator("input[value='欧阳晓明']"))
    for label in ("姓名", "原因", "说明", "补课情况"):
        expect(card.get_by_text(label, exact=True)).to_be_visible()
    expect(card.get_by_role("combobox", name="原因", exact=True)).to_have_value(AbsenceReason.OTHER)
    expect(card.get_by_role("checkbox", name="删除")).to_be_visible()
    photo = page.locator("#attachments-group tr.form-row.has_original")
    expect(photo.get_by_text("类别", exact=True)).to_be_visible()
    expect(photo.get_by_role("link", name="会场照片.png")).to_be_visible()

    assert not page.evaluate(WIDER_THAN_THE_SCREEN), page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    # Every field of a card within the screen, none cut by the card's edge.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.inline-cards tr.form-row:not(.empty-form) td *')]
             .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
             .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert not overflowing
    assert not barriers(page)
    context.close()


@pytest.mark.skipif(not os.environ.get("DOCS_SCREENSHOTS"), reason="DOCS_SCREENSHOTS=1 renews it")
def test_screenshot_of_the_session_form_with_absentees(browser, live_server, tree, with_rows):
    """docs/screenshots/session-form-phone.png, for the README: a 390 px phone, at 2× pixels."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="zh-CN"
    )
    signed_in(context, live_server.url, tree.organiser)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/campaign/studysession/{with_rows.pk}/change/")
    page.locator("#absentees-heading").scroll_into_view_if_needed()
    page.evaluate(
        "window.scrollBy(0, document.querySelector('#absentees-heading').getBoundingClientRect().top - 8)"
    )
    page.screenshot(path=SCREENSHOT)
    context.close()


FOCUS_SEEN = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, selector: str, most: int = 80) -> None:
    """Press Tab until `selector` has the focus, each stop's focus seen."""
    for _ in range(most):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_SEEN), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_an_organiser_records_a_session_with_an_absentee_by_keyboard_alone(
    browser, live_server, tree
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    signed_in(context, live_server.url, tree.organiser)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/campaign/studysession/add/")
    expect(page.locator("#id_held_on")).to_have_attribute("placeholder", "2026-12-06")

    tab_to(page, "#id_held_on")
    page.keyboard.press("Control+a")
    page.keyboard.type(f"{days_ago(2):%Y-%m-%d}")
    tab_to(page, "#id_title")
    page.keyboard.type("学习李斌同志先进事迹（键盘录入）")
    tab_to(page, "#id_format")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_points input[type=checkbox]")
    page.keyboard.press("Space")
    tab_to(page, "#id_participants")
    page.keyboard.type("12")
    tab_to(page, "#id_party_members")
    page.keyboard.press("Control+a")
    page.keyboard.type("5")
    tab_to(page, "#id_absentees-0-name")
    page.keyboard.type("王芳")
    tab_to(page, "#id_absentees-0-reason")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name=_save]")
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("学习李斌同志先进事迹（键盘录入）")
    session = StudySession.objects.get(title="学习李斌同志先进事迹（键盘录入）")
    assert (session.participants, session.party_members) == (12, 5)
    assert [a.name for a in session.absentees.all()] == ["王芳"]
    assert session.held_on == days_ago(2)
    context.close()


def test_an_organiser_signing_in_lands_on_the_backends_front_page(phone, tree):
    page = phone
    page.goto(page.base + "/c/li-bin-2019/decision/")
    page.get_by_role("link", name="登录").click()
    page.fill("input[name=login]", "organiser")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.url == page.base + "/admin/"
    expect(page.locator("#site-name")).to_be_visible()


def test_a_reader_signing_in_lands_back_on_the_page_they_came_from(phone, tree):
    page = phone
    page.goto(page.base + "/c/li-bin-2019/profile/")
    page.get_by_role("link", name="登录").click()
    page.fill("input[name=login]", "reader")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.url == page.base + "/c/li-bin-2019/profile/"
