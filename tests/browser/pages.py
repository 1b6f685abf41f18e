"""What browser tests do on many pages: sign in through the sign-in form (and, for those who
need one, the second factor's code)."""

from playwright.sync_api import expect

from accounts.models import User
from accounts.two_factor.required import needs_second_factor_by_role
from tests.factories import PASSWORD
from tests.second_factor import code_for_next_sign_in, give_test_totp


def sign_in(page, username: str) -> None:
    """Sign in, and wait for the page signing in lands on: the backend's front page for those
    who work in it, the portal's home for a reader (accounts.landing)."""
    user = User.objects.get(username=username)
    # Administrators have the tests' authenticator app, as they would after their first sign-in.
    needs_code = needs_second_factor_by_role(user)
    if needs_code:
        give_test_totp(user)
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if needs_code:
        enter_code(page, code_for_next_sign_in(user))
    # The backend's user tools, or the portal's navigation with its sign-out link.
    signed_in = page.locator("#user-tools, .site-nav:has(a[href$='/accounts/logout/'])")
    expect(signed_in.first).to_be_visible()


def enter_code(page, code: str) -> None:
    """On the second factor's page: type the code the authenticator app shows, and go on."""
    page.wait_for_url(lambda url: "/2fa/authenticate/" in url)
    page.fill("input[name=code]", code)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/2fa/authenticate/" not in url)
