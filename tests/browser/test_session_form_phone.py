"""The organiser's session form on a phone (issue 21): absentee and attachment rows as cards, each
field under its label, no sideways scroll at 390 and 320 px nor at 200 % zoom; usable with the
keyboard alone, with a visible focus."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from campaign.choices import AbsenceReason
from campaign.models import SessionAttachment, StudySession
from tests.browser.judges import barriers, signed_in
from tests.campaign.entries import days_ago
from tests.factories import StudySessionFactory
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
    page.screenshot(path=f"/tmp/hform-{screen.replace(' ', '_')}.png", full_page=True)
    context.close()
