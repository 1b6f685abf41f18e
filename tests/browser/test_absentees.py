"""Absentees and a make-up session (补课) in a real browser, on a phone: the organiser names who
was absent, records the make-up from the missed session's page, and sees who has made up."""

import re

from playwright.sync_api import expect

from campaign.choices import AbsenceReason
from campaign.models import StudySession
from tests.browser.pages import sign_in
from tests.campaign.entries import days_ago
from tests.factories import StudySessionFactory


def test_an_organiser_names_absentees_then_records_their_make_up(phone, tree):
    missed = StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(10),
        title="学习李斌同志事迹",
        absentees=[("张伟", AbsenceReason.SICK, "")],
    )
    page = phone
    sign_in(page, "organiser")
    page.goto(f"{page.base}/admin/campaign/studysession/{missed.pk}/change/")

    # A second absentee, in the empty row the form offers.
    page.get_by_role("textbox", name="姓名", exact=True).nth(1).fill("李娜")
    page.get_by_role("combobox", name="原因", exact=True).nth(1).select_option(label="其他")
    page.get_by_role("textbox", name="说明", exact=True).nth(1).fill("借调区委")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("学习李斌同志事迹")
    missed.refresh_from_db()
    assert (missed.absentee_count, missed.made_up_count) == (2, 0)

    page.goto(f"{page.base}/admin/campaign/studysession/{missed.pk}/change/")
    page.get_by_role("link", name="登记补课").click()
    expect(page.locator("#id_title")).to_have_value("补课：学习李斌同志事迹")
    expect(page.get_by_role("checkbox", name=re.compile("张伟"))).to_be_checked()
    page.get_by_role("checkbox", name=re.compile("李娜")).uncheck()
    page.fill("#id_participants", "1")
    page.fill("#id_party_members", "0")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("补课：学习李斌同志事迹")

    page.goto(f"{page.base}/admin/campaign/studysession/{missed.pk}/change/")
    made_up = page.locator("tr", has=page.locator("input[value='张伟']"))
    expect(made_up).to_contain_text("已于")
    expect(page.locator("tr", has=page.locator("input[value='李娜']"))).to_contain_text("未补课")
    made_up.get_by_role("link").click()
    expect(page.locator("#id_title")).to_have_value("补课：学习李斌同志事迹")
    assert StudySession.objects.get(pk=missed.pk).made_up_count == 1
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
