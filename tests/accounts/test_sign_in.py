"""Signing in by username or email, no sign-up, password reset, and the admin's sign-in."""

import re

from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory


def test_sign_in_by_username_or_by_email(client, db):
    user = UserFactory(username="zhang", email="zhang@example.com")

    for login in ["zhang", "zhang@example.com"]:
        response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert response.status_code == 302, login
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()


def test_wrong_password_is_refused_with_a_message_in_chinese(client, db):
    UserFactory(username="zhang")

    response = client.post(reverse("account_login"), {"login": "zhang", "password": "wrong"})

    assert response.status_code == 200
    assert "不正确" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_nobody_can_sign_up_on_their_own(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "intruder",
            "email": "intruder@example.com",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )

    assert not User.objects.filter(username="intruder").exists()
    assert "已关闭注册" in response.content.decode()


def test_password_reset_mails_a_link_that_sets_a_new_password(client, db, mailoutbox):
    UserFactory(username="li", email="li@example.com")

    client.post(reverse("account_reset_password"), {"email": "li@example.com"})

    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    assert link
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "a-new-password-2019", "password2": "a-new-password-2019"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="li").check_password("a-new-password-2019")


def test_admin_sign_in_goes_through_allauth(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_sign_in_page_uses_the_portal_layout(client, db):
    html = client.get(reverse("account_login")).content.decode()

    assert 'class="site-header"' in html
    assert "学习教育活动平台" in html
