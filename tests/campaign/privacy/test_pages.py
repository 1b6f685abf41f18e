"""The page 个人信息处理规则, and a user's copy of their own data: theirs, never anyone else's."""

import json

import pytest
from django.urls import reverse

from accounts.models import Role
from documents.models import StudiedPoint
from tests.factories import ReflectionFactory, UserFactory


@pytest.mark.parametrize("page", ["documents:home", "campaign:showcase", "account_login"])
def test_every_page_links_to_the_privacy_rules(client, decision, page):
    response = client.get(reverse(page))

    assert reverse("campaign:privacy") in response.content.decode()


def test_the_rules_say_the_retention_and_the_contact_this_installation_has(client, settings):
    settings.PERSONAL_DATA_MONTHS = 36
    settings.PRIVACY_CONTACT = "市总工会组织部 021-12345678"

    page = client.get(reverse("campaign:privacy")).content.decode()

    assert "个人信息处理规则" in page
    assert "36" in page and "缺席者1" in page
    assert "市总工会组织部 021-12345678" in page
    assert reverse("campaign:my-data") in page


def test_the_rules_are_in_english_too(client, settings):
    settings.PERSONAL_DATA_MONTHS = 1
    client.cookies["django_language"] = "en"

    page = client.get(reverse("campaign:privacy")).content.decode()

    assert "Personal information rules" in page
    assert "1 month after the end of the year" in page


def test_the_contact_is_escaped(client, settings):
    settings.PRIVACY_CONTACT = "<script>alert(1)</script>"

    page = client.get(reverse("campaign:privacy")).content.decode()

    assert "<script>alert(1)</script>" not in page


def test_own_data_needs_signing_in(client, db):
    for name in ("campaign:my-data", "campaign:my-data-download"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_a_reader_downloads_their_own_data_and_no_one_elses(client, tree, point):
    me = UserFactory(username="wangfang", first_name="芳", last_name="王", role=Role.READER)
    other = UserFactory(username="lisi", first_name="四", last_name="李", email="lisi@example.com")
    StudiedPoint.objects.create(user=me, point=point)
    StudiedPoint.objects.create(user=other, point=point.document.points.get(number=2))
    ReflectionFactory(
        organisation=tree.unit, recorded_by=me, author_name="王芳", title="我的心得", point=point
    )
    ReflectionFactory(
        organisation=tree.unit, recorded_by=other, author_name="李四", title="他的心得"
    )
    client.force_login(me)

    response = client.get(reverse("campaign:my-data-download"), {"user": other.pk})

    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "wangfang"
    assert data["role"]["code"] == Role.READER
    assert [mark["point"] for mark in data["reading_progress"]] == [1]
    assert [r["title"] for r in data["reflections"]] == ["我的心得"]
    text = response.content.decode()
    assert "lisi" not in text and "李四" not in text and "他的心得" not in text


def test_an_organisers_file_names_their_unit(client_as, tree):
    data = json.loads(client_as("organiser").get(reverse("campaign:my-data-download")).content)

    assert data["organisation"] == {"code": tree.unit.code, "name": tree.unit.name}
    assert data["role"]["code"] == Role.ORGANISER


def test_own_data_is_a_few_queries_however_many_reflections(
    client, tree, point, django_assert_max_num_queries
):
    me = UserFactory(username="me", role=Role.READER)
    for _ in range(5):
        ReflectionFactory(organisation=tree.unit, recorded_by=me)
    client.force_login(me)

    # 8, and the audit entry of the download (a savepoint around its insert).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("campaign:my-data-download"))

    assert len(json.loads(response.content)["reflections"]) == 5
