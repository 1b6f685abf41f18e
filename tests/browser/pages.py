"""What browser tests do on many pages: sign in through the sign-in form."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.locator(".site-nav")).to_contain_text("退出")
