"""The second factor's page on a phone (390 px): the code asked after the password, a wrong one
refused in Chinese next to the field, the right one into the backend; no serious or critical
barrier (axe)."""

from playwright.sync_api import expect

from tests.browser.judges import barriers
from tests.factories import PASSWORD
from tests.second_factor import TEST_TOTP_SECRET, give_test_totp, totp_code


def test_a_district_admin_signs_in_with_the_code_on_a_phone(browser, live_server, tree):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    give_test_totp(tree.district_admin)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "district_admin")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" in url)
    expect(page.get_by_role("heading", name="双因素身份认证")).to_be_visible()
    assert barriers(page) == []

    wrong = "000000" if totp_code(TEST_TOTP_SECRET) != "000000" else "111111"
    page.fill("input[name=code]", wrong)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.locator("main")).to_contain_text("验证码不正确")
    assert barriers(page) == []
    fits = page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert fits

    page.fill("input[name=code]", totp_code(TEST_TOTP_SECRET))
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/admin/")
    expect(page.locator("#user-tools")).to_be_visible()
    context.close()
