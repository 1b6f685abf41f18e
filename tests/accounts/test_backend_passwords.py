"""Passwords of backend users (organisers, district and campaign admins): at least 12 characters
and 3 of the 4 kinds (lower-case, capitals, digits, other signs), said in Chinese; readers keep
Django's rules. The demo's and the tests' accounts are set directly and keep signing in."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from accounts.models import Role, User
from accounts.passwords import BackendPasswordValidator
from tests.factories import PASSWORD, UserFactory

# 21 characters of two kinds (lower-case and signs): fine for a reader, too simple for the backend.
TWO_KINDS = "correct-horse-battery"
THREE_KINDS = "Correct-horse-battery"


def messages(password: str, user) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize("role", ["organiser", "district_admin", "campaign_admin"])
def test_a_backend_password_needs_length_and_three_kinds(tree, role):
    user = getattr(tree, role)

    assert "后台账号的密码至少需要 12 个字符。" in messages("Ab1-xyz", user)
    assert any("至少需要包含以下四类字符中的 3 类" in m for m in messages(TWO_KINDS, user))
    assert messages(THREE_KINDS, user) == []
    assert messages("Xuexi2019Libin", user) == []  # letters of both cases and digits


def test_a_reader_keeps_djangos_rules(tree):
    assert messages(TWO_KINDS, tree.reader) == []
    assert "密码太短，至少需要 8 个字符。" in messages("a1b2", tree.reader)


def test_the_rule_is_configurable():
    strict = BackendPasswordValidator(min_length=16, min_classes=4)
    organiser = User(username="new", role=Role.ORGANISER)

    with pytest.raises(ValidationError):
        strict.validate("Correct-horse-1", organiser)  # 15 characters
    strict.validate("Correct-horse-19", organiser)
    with pytest.raises(ImproperlyConfigured):
        BackendPasswordValidator(min_classes=5)


def test_a_campaign_admin_cannot_give_a_new_organiser_a_simple_password(client_as, tree):
    client = client_as("campaign_admin")
    fields = {
        "username": "wang",
        "email": "wang@example.com",
        "role": Role.ORGANISER,
        "organisation": tree.unit.pk,
        "usable_password": "true",
        "password1": TWO_KINDS,
        "password2": TWO_KINDS,
    }

    refused = client.post(reverse("admin:accounts_user_add"), fields)

    assert refused.status_code == 200
    assert "至少需要包含以下四类字符中的 3 类" in refused.content.decode()
    assert not User.objects.filter(username="wang").exists()
    client.post(
        reverse("admin:accounts_user_add"),
        {**fields, "password1": THREE_KINDS, "password2": THREE_KINDS},
    )
    assert User.objects.get(username="wang").check_password(THREE_KINDS)


def test_a_new_reader_may_have_a_simpler_password(client_as, tree):
    client_as("campaign_admin").post(
        reverse("admin:accounts_user_add"),
        {
            "username": "zhao",
            "email": "zhao@example.com",
            "role": Role.READER,
            "usable_password": "true",
            "password1": TWO_KINDS,
            "password2": TWO_KINDS,
        },
    )

    assert User.objects.get(username="zhao").check_password(TWO_KINDS)


def test_an_organisers_password_reset_keeps_the_rule(client, tree, mailoutbox):
    organiser = tree.organiser
    client.post(reverse("account_reset_password"), {"email": organiser.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]

    refused = client.post(form_url, {"password1": TWO_KINDS + "x", "password2": TWO_KINDS + "x"})

    assert "至少需要包含以下四类字符中的 3 类" in refused.content.decode()
    organiser.refresh_from_db()
    assert organiser.check_password(PASSWORD)


def test_accounts_made_by_the_tests_factories_still_sign_in(client, db):
    UserFactory(username="li", role=Role.CAMPAIGN_ADMIN)

    response = client.post(reverse("account_login"), {"login": "li", "password": PASSWORD})

    assert response.status_code == 302
