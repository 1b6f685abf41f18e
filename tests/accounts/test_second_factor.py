"""Two factors: administrators reach the backend and the reports only with a second factor
(set up at their first sign-in, its code asked at each sign-in after); organisers may set one up;
a campaign admin resets a lost one; the trail records set-up, use, refusal and reset."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.audit.actions import Action
from accounts.two_factor.demo import totp_code
from tests.audit.conftest import entries
from tests.campaign.test_chinese_pages import latin_words
from tests.factories import PASSWORD
from tests.second_factor import TEST_TOTP_SECRET, give_test_totp

SET_UP = "/accounts/2fa/totp/activate/"
CODE = "/accounts/2fa/authenticate/"
GUARDED = [
    "/admin/",
    "/admin/campaign/studysession/",
    "/admin/campaign/studysession/add/",
    "/admin/password_change/",
    "/reports/",
    "/reports/summary.csv",
]


def sign_in_with_password(client, username: str):
    """The sign-in form, as a person fills it (not force_login: no second factor recorded)."""
    return client.post(reverse("account_login"), {"login": username, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before a factor is added (MFA_REAUTHENTICATION)."""
    return client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_a_district_admin_without_a_second_factor_is_sent_to_set_one_up(client, tree):
    signed_in = sign_in_with_password(client, "district_admin")
    assert signed_in.status_code == 302

    for path in GUARDED:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SET_UP, path
    # allauth first asks for the password again, then shows the QR code; both in Chinese.
    asked = client.get("/admin/", follow=True)
    assert asked.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "管理员须使用两步验证登录" in asked.content.decode()
    confirm_password(client)
    page = client.get(SET_UP)
    assert page.status_code == 200
    assert "激活身份验证器应用" in page.content.decode()


# Real commits: allauth sends its signal once the new authenticator is committed, as in production.
@pytest.mark.django_db(transaction=True)
def test_setting_up_the_authenticator_app_opens_the_backend(client, tree):
    sign_in_with_password(client, "district_admin")
    confirm_password(client)
    client.get(SET_UP)
    secret = client.session["mfa.totp.secret"]  # what the QR code carries

    wrong = client.post(SET_UP, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/")["Location"] == SET_UP

    done = client.post(SET_UP, {"code": totp_code(secret)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/reports/").status_code == 200
    assert [e.details["type"] for e in entries(Action.MFA_SET_UP)] == ["totp", "recovery_codes"]


def test_with_an_authenticator_the_sign_in_asks_for_the_code(client, tree):
    give_test_totp(tree.district_admin)

    signed_in = sign_in_with_password(client, "district_admin")
    assert signed_in["Location"] == CODE
    assert client.get("/admin/").status_code == 302  # not signed in until the code
    page = client.get(CODE)
    assert "双因素身份认证" in page.content.decode()

    wrong = client.post(
        CODE, {"code": "123456" if totp_code(TEST_TOTP_SECRET) != "123456" else "654321"}
    )
    assert wrong.status_code == 200
    assert "验证码不正确，请输入身份验证器应用当前显示的六位数字。" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    right = client.post(CODE, {"code": totp_code(TEST_TOTP_SECRET)})
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/reports/").status_code == 200
    assert [e.username for e in entries(Action.MFA_FAILED)] == ["district_admin"]
    [used] = entries(Action.MFA_USE)
    assert (used.username, used.details["type"]) == ("district_admin", "totp")


def test_a_password_only_session_of_an_administrator_gives_the_code_first(client, tree):
    """Signed in before their factor existed (say, before this release): the code, then on."""
    sign_in_with_password(client, "campaign_admin")
    give_test_totp(tree.campaign_admin)

    response = client.get("/admin/accounts/user/")

    assert (
        response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    )
    client.post(response["Location"], {"code": totp_code(TEST_TOTP_SECRET)})
    assert client.get("/admin/accounts/user/").status_code == 200


@pytest.mark.parametrize("username", ["organiser", "reader"])
def test_organisers_and_readers_are_not_asked_for_a_second_factor(client, tree, username):
    sign_in_with_password(client, username)

    assert client.get("/admin/").status_code == (200 if username == "organiser" else 302)
    if username == "organiser":
        assert client.get("/reports/").status_code == 200
        # offered: the page to set one up is theirs to open
        confirm_password(client)
        assert client.get(SET_UP).status_code == 200


def test_with_the_setting_off_administrators_may_go_without(client, tree, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = False
    sign_in_with_password(client, "district_admin")

    assert client.get("/admin/").status_code == 200


def test_a_campaign_admin_resets_a_lost_second_factor(client, client_as, tree):
    give_test_totp(tree.district_admin)
    assert Authenticator.objects.filter(user=tree.district_admin).exists()

    response = client_as("campaign_admin").post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [tree.district_admin.pk]},
        follow=True,
    )

    assert "下次登录时重新设置" in response.content.decode()
    assert not Authenticator.objects.filter(user=tree.district_admin).exists()
    [reset] = entries(Action.MFA_RESET)
    assert (reset.username, reset.target) == ("campaign_admin", "district_admin")
    # The next sign-in: no code asked, the set-up page instead.
    client.logout()
    assert sign_in_with_password(client, "district_admin")["Location"] != CODE
    assert client.get("/admin/")["Location"] == SET_UP


def test_organisers_cannot_reset_second_factors(client_as, tree):
    give_test_totp(tree.district_admin)

    client_as("organiser").post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [tree.district_admin.pk]},
    )

    assert Authenticator.objects.filter(user=tree.district_admin).exists()
    assert entries(Action.MFA_RESET) == []


def test_an_administrator_cannot_switch_off_the_required_factor(client_as, tree):
    give_test_totp(tree.district_admin)
    client = client_as("district_admin")

    client.post("/accounts/2fa/totp/deactivate/", {})

    assert Authenticator.objects.filter(user=tree.district_admin, type="totp").exists()


def test_the_second_factor_pages_are_in_chinese(client, client_as, tree):
    give_test_totp(tree.district_admin)
    data = ["district_admin", "district_admin@example.com", TEST_TOTP_SECRET]
    found = {}
    sign_in_with_password(client, "district_admin")
    for path in [CODE]:
        found[path] = latin_words(client.get(path).content.decode(), data)
    client.logout()
    client_as("district_admin")
    for path in [
        "/accounts/2fa/",
        "/accounts/2fa/reauthenticate/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = latin_words(response.content.decode(), data)
    client_as("organiser")
    confirm_password(client)
    page = client.get(SET_UP).content.decode()
    secret = client.session["mfa.totp.secret"]  # the set-up key, shown beside the QR code
    found[SET_UP] = latin_words(page, [*data, "organiser", secret])

    assert not any(found.values()), found
