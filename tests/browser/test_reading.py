"""Reading on a phone: the campaigns, the decision, the profile, print, the language switch, and
the addresses shared before campaigns had their own."""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from documents.loader import load_decision
from tests.documents.folders import sample_folder

DECISION = "/c/li-bin-2019/decision/"


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def in_viewport(page, selector: str) -> bool:
    """Whether the element's top comes to rest on the screen once the page has loaded: the
    browser scrolls to a fragment when it has parsed that far, which on a busy machine comes
    after the address has changed; the page's scripts and styles have run by its load event."""
    page.wait_for_load_state("load")
    try:
        page.wait_for_function(
            """(selector) => {
                const box = document.querySelector(selector).getBoundingClientRect();
                return box.top >= 0 && box.top < window.innerHeight;
            }""",
            arg=selector,
            timeout=10_000,
        )
    except PlaywrightTimeoutError:
        return False
    return True


def test_decision_on_a_phone_has_its_anchors_and_no_sideways_scroll(phone):
    load_decision()
    phone.goto(phone.base + DECISION)

    for number in range(1, 5):
        expect(phone.locator(f"#point-{number}")).to_have_count(1)
    assert not scrolls_sideways(phone)
    assert not in_viewport(phone, "#point-3")

    phone.goto(phone.base + DECISION + "#point-3")

    assert phone.evaluate("window.scrollY") > 0
    assert in_viewport(phone, "#point-3")
    expect(phone.locator("#point-3")).to_contain_text("敬业精神")


def test_every_public_page_of_both_campaigns_fits_a_320_px_screen(phone, tmp_path):
    load_decision()
    load_decision(sample_folder(tmp_path / "sample"))
    phone.set_viewport_size({"width": 320, "height": 640})
    for path in [
        "/",
        "/c/li-bin-2019/",
        DECISION,
        "/c/li-bin-2019/profile/",
        "/c/sample-2026/",
        "/c/sample-2026/decision/",
        "/accounts/login/",
    ]:
        phone.goto(phone.base + path)
        assert not scrolls_sideways(phone), path


def test_an_old_link_to_a_paragraph_lands_on_it(phone):
    """/decision/#p-3, shared in a chat app before campaigns: the redirect keeps the fragment."""
    load_decision()
    phone.goto(phone.base + "/decision/#p-3")

    expect(phone).to_have_url(re.compile(r"/c/li-bin-2019/decision/#p-3$"))
    assert in_viewport(phone, "#p-3")


def test_a_reader_goes_from_the_portal_to_a_campaign_and_its_decision(phone, tmp_path):
    load_decision()
    load_decision(sample_folder(tmp_path / "sample"))
    phone.goto(phone.base + "/")

    phone.get_by_role("link", name="示例学习活动").click()
    expect(phone.locator("h1")).to_contain_text("示例学习活动")
    expect(phone.locator(".point-name")).to_have_count(7)
    phone.locator(".point-list a").nth(6).click()

    expect(phone).to_have_url(re.compile(r"/c/sample-2026/decision/#point-7$"))
    assert in_viewport(phone, "#point-7")
    expect(phone.locator(".sample-notice")).to_contain_text("并非真实文件")


def test_a_profile_source_link_leads_to_its_paragraph(phone):
    load_decision()
    phone.goto(phone.base + "/c/li-bin-2019/profile/")

    fact = phone.locator("#career li").filter(has_text="从一名技校生成长为大学本科生和高级技师")
    fact.get_by_role("link").click()

    expect(phone).to_have_url(re.compile(r"/c/li-bin-2019/decision/#p-6$"))
    assert in_viewport(phone, "#p-6")
    expect(phone.locator("#p-6")).to_contain_text("从一名技校生成长为大学本科生和高级技师")


def test_decision_prints_as_an_a4_official_document(phone):
    load_decision()
    phone.goto(phone.base + DECISION)
    phone.emulate_media(media="print")

    expect(phone.locator(".site-header")).to_be_hidden()
    expect(phone.locator(".campaign-nav")).to_be_hidden()
    expect(phone.locator(".language-switch")).to_be_hidden()
    style = phone.evaluate(
        """() => {
            const s = (q) => getComputedStyle(document.querySelector(q));
            return {issuers: s('.doc-issuers').color, rule: s('.doc-rule').borderTopColor,
                    body: s('.doc-paragraph').fontSize};
        }"""
    )
    assert style == {"issuers": "rgb(192, 0, 0)", "rule": "rgb(192, 0, 0)", "body": "21.3333px"}

    pdf = phone.pdf(prefer_css_page_size=True)
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}  # A4 in points


def test_language_switch_changes_the_interface(phone):
    load_decision()
    phone.goto(phone.base + DECISION)
    expect(phone.locator(".campaign-nav")).to_contain_text("决定原文")

    phone.select_option("#language", "en")
    phone.get_by_role("button", name="切换").click()

    expect(phone.locator(".campaign-nav")).to_contain_text("The decision")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
