"""One word for one thing, in Chinese, on the libraries' pages too: signing out is 退出, the report
is 参与情况报表, labels end with a full-width colon, and the mails name the portal."""

import re

from django.urls import reverse

from tests.factories import StudySessionFactory, UserFactory


def test_signing_out_is_called_the_same_everywhere(client_as, tree):
    client = client_as("district_admin")

    pages = [
        client.get(reverse("documents:home")),
        client.get(reverse("admin:index")),
        client.get(reverse("account_logout")),
    ]

    for page in pages:
        html = page.content.decode()
        assert "退出" in html
        assert "注销" not in html and "登出" not in html


def test_the_sign_in_field_says_what_it_takes_with_a_chinese_colon(client, db):
    html = client.get(reverse("account_login")).content.decode()

    assert "用户名或电子邮箱：" in html
    field = re.search(r'<input[^>]*name="login"[^>]*>', html).group(0)
    assert 'autocomplete="username"' in field


def test_the_password_reset_mail_is_chinese_and_names_the_portal(client, db, mailoutbox):
    UserFactory(username="li", email="li@example.com")

    client.post(reverse("account_reset_password"), {"email": "li@example.com"})

    mail = mailoutbox[0]
    assert mail.subject.startswith("【向李斌同志学习】")
    assert "重设密码" in mail.subject
    assert mail.body.startswith("您好：")
    assert "向李斌同志学习" in mail.body and "您的用户名是 li。" in mail.body
    assert "Hello" not in mail.body and "testserver" not in mail.body.split("http")[0]


def test_a_short_new_password_is_refused_in_chinese(client, db, mailoutbox):
    UserFactory(username="li", email="li@example.com")
    client.post(reverse("account_reset_password"), {"email": "li@example.com"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]

    refused = client.post(form_url, {"password1": "a1b2", "password2": "a1b2"})

    assert "密码太短，至少需要 8 个字符。" in refused.content.decode()


def test_the_export_page_has_no_english_left(client_as, tree):
    html = client_as("district_admin").get(reverse("admin:campaign_studysession_export"))

    assert "全选" in html.content.decode() and "Select all" not in html.content.decode()


def test_who_recorded_a_session_is_a_name_not_a_link_to_the_user_admin(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit, recorded_by=tree.organiser)
    html = client_as("district_admin").get(
        reverse("admin:campaign_studysession_change", args=[session.pk])
    )

    assert str(tree.organiser) in html.content.decode()
    assert "/admin/accounts/user/" not in html.content.decode()
