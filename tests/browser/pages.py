"""What browser tests do on many pages: sign in through the sign-in form."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, username: str) -> None:
    """Sign in, and wait for the page signing in lands on: the backend's front page for those
    who work in it, the portal's home for a reader (accounts.landing)."""
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    # The backend's user tools, or the portal's navigation with its sign-out link.
    signed_in = page.locator("#user-tools, .site-nav:has(a[href$='/accounts/logout/'])")
    expect(signed_in.first).to_be_visible()
