"""The large-text mode chosen with one button: a cookie the server reads, so the page comes in the
chosen mode without script, and the cached public pages kept one per mode."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from documents.cache import forget

DECISION = "/c/li-bin-2019/decision/"
SWITCH = reverse("documents:reading-mode")


def is_large(response) -> bool:
    return 'class="large-text"' in response.content.decode()


def test_the_switch_remembers_large_text_and_returns_to_the_page(decision):
    # Without a CSRF token, as the cached pages carry none.
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(SWITCH, {"mode": "large", "next": DECISION})

    assert response.status_code == 302
    assert response["Location"] == DECISION
    assert browser.cookies["reading"].value == "large"
    assert browser.cookies["reading"]["max-age"] >= 30 * 24 * 60 * 60
    page = browser.get(DECISION)
    assert is_large(page)
    assert "标准字号" in page.content.decode()


def test_switching_back_forgets_the_choice(client, decision):
    client.post(SWITCH, {"mode": "large", "next": DECISION})

    client.post(SWITCH, {"mode": "normal", "next": DECISION})

    page = client.get(DECISION)
    assert not is_large(page)
    assert "大字模式" in page.content.decode()


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", ""])
def test_the_switch_never_sends_the_reader_to_another_site(client, decision, elsewhere):
    response = client.post(SWITCH, {"mode": "large", "next": elsewhere})

    assert response["Location"] == "/"


def test_the_switch_is_on_every_public_page_and_on_the_decision_itself(client, decision):
    for path in ("/", "/c/li-bin-2019/", "/reflections/", "/search/", "/accounts/login/"):
        assert client.get(path).content.decode().count('id="reading-switch-') == 1, path

    for path in (DECISION, "/c/li-bin-2019/profile/"):  # beside read aloud
        page = client.get(path).content.decode()
        assert 'id="reading-switch-header"' in page
        assert 'id="reading-switch-page"' in page


def test_a_cookie_of_another_value_reads_as_normal(client, decision):
    client.cookies["reading"] = "<script>"

    page = client.get(DECISION)

    assert not is_large(page)
    assert "<script>" not in page.content.decode()


@pytest.mark.parametrize("path", ["/", "/c/li-bin-2019/", DECISION, "/c/li-bin-2019/profile/"])
def test_cached_pages_of_the_two_modes_never_cross(decision, path, django_assert_num_queries):
    normal, large = Client(), Client()
    large.cookies["reading"] = "large"
    # Each mode asked for first in turn: whichever filled the cache, the other gets its own.
    assert not is_large(normal.get(path))
    assert is_large(large.get(path))

    with django_assert_num_queries(0):  # both from the cache now
        again_normal = normal.get(path)
        again_large = large.get(path)

    assert not is_large(again_normal)
    assert is_large(again_large)
    assert again_normal["ETag"] != again_large["ETag"]
    assert "Cookie" in again_large["Vary"]


def test_large_first_then_normal_still_gets_the_normal_page(decision):
    large, normal = Client(), Client()
    large.cookies["reading"] = "large"

    assert is_large(large.get(DECISION))

    assert not is_large(normal.get(DECISION))


def test_a_change_to_the_decision_drops_the_cached_page_of_both_modes(decision):
    large = Client()
    large.cookies["reading"] = "large"
    large.get(DECISION)
    decision.paragraphs.filter(number=1).update(text="示例：改过的第一段。")

    forget("li-bin-2019")

    assert "示例：改过的第一段。" in large.get(DECISION).content.decode()


def test_favicon_ico_leads_to_the_portals_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")  # a static file, which whitenoise serves
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
