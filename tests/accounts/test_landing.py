"""Where each user lands after signing in (issue 21): organisers and administrators on the
backend's front page, a reader back on the page they came from; a `?next=` still wins."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = reverse("account_login")


def sign_in(client, username: str, *, came_from: str = "", query: str = ""):
    """Open the sign-in page (from `came_from`, as its Referer) and submit it as a browser does."""
    headers = {"Referer": f"http://testserver{came_from}"} if came_from else {}
    page = client.get(LOGIN + query, headers=headers)
    assert page.status_code == 200
    assert 'type="hidden" name="came_from"' in page.content.decode()
    form = page.context["form"]
    data = {"login": username, "password": PASSWORD, "came_from": form["came_from"].value() or ""}
    if query:
        data["next"] = query.removeprefix("?next=")
    return client.post(LOGIN + query, data)


@pytest.mark.parametrize("role", ["organiser", "district_admin", "campaign_admin"])
def test_those_who_work_in_the_backend_land_on_its_front_page(client, tree, role):
    response = sign_in(client, role, came_from="/c/li-bin-2019/decision/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_reader_lands_back_on_the_page_they_came_from(client, tree):
    response = sign_in(client, "reader", came_from="/c/li-bin-2019/profile/?from=home")
    assert response["Location"] == "/c/li-bin-2019/profile/?from=home"


def test_a_reader_who_opened_the_sign_in_page_directly_lands_on_the_home_page(client, tree):
    assert sign_in(client, "reader")["Location"] == reverse("documents:home")


@pytest.mark.parametrize(
    "posted",
    ["https://evil.example/phish", "//evil.example/", "/accounts/logout/", "javascript:alert(1)"],
)
def test_a_posted_page_elsewhere_or_back_to_signing_in_is_not_followed(client, tree, posted):
    response = client.post(LOGIN, {"login": "reader", "password": PASSWORD, "came_from": posted})
    assert response["Location"] == reverse("documents:home")


def test_an_organisers_next_still_wins(client, tree):
    response = sign_in(client, "organiser", query="?next=/reports/")
    assert response["Location"] == "/reports/"


def test_the_sign_in_page_opened_from_elsewhere_carries_no_page_back(client, tree):
    page = client.get(LOGIN, headers={"Referer": "https://evil.example/x"})
    assert page.context["form"]["came_from"].value() == ""
