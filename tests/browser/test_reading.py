"""Reading on a phone: the decision, the profile, print, the language switch."""

import re

from playwright.sync_api import expect

from documents.loader import load_decision


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


def test_decision_on_a_phone_has_its_anchors_and_no_sideways_scroll(phone):
    load_decision()
    phone.goto(phone.base + "/decision/")

    for number in range(1, 5):
        expect(phone.locator(f"#point-{number}")).to_have_count(1)
    assert not scrolls_sideways(phone)
    assert not in_viewport(phone, "#point-3")

    phone.goto(phone.base + "/decision/#point-3")

    assert phone.evaluate("window.scrollY") > 0
    assert in_viewport(phone, "#point-3")
    expect(phone.locator("#point-3")).to_contain_text("敬业精神")


def test_home_and_profile_fit_a_phone(phone):
    load_decision()
    for path in ["/", "/li-bin/", "/accounts/login/"]:
        phone.goto(phone.base + path)
        assert not scrolls_sideways(phone), path


def test_a_profile_source_link_leads_to_its_paragraph(phone):
    load_decision()
    phone.goto(phone.base + "/li-bin/")

    fact = phone.locator("#career li").filter(has_text="从一名技校生成长为大学本科生和高级技师")
    fact.get_by_role("link").click()

    expect(phone).to_have_url(re.compile(r"/decision/#p-6$"))
    assert in_viewport(phone, "#p-6")
    expect(phone.locator("#p-6")).to_contain_text("从一名技校生成长为大学本科生和高级技师")


def test_decision_prints_as_an_a4_official_document(phone):
    load_decision()
    phone.goto(phone.base + "/decision/")
    phone.emulate_media(media="print")

    expect(phone.locator(".site-header")).to_be_hidden()
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
    phone.goto(phone.base + "/")
    expect(phone.locator(".site-nav")).to_contain_text("决定原文")

    phone.select_option("#language", "en")
    phone.get_by_role("button", name="切换").click()

    expect(phone.locator(".site-nav")).to_contain_text("The decision")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
