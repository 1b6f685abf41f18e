"""The public pages from the cache: what an anonymous reader gets, what a signed-in reader gets,
and that a change of the decision reaches the next reader."""

import gzip

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from documents.loader import DECISION_FILE, load_decision
from tests.factories import UserFactory

PAGES = ["documents:home", "documents:decision", "documents:profile"]


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_reader_gets_the_cached_page_without_a_query(
    client, decision, name, django_assert_num_queries
):
    first = client.get(reverse(name))

    with django_assert_num_queries(0):
        second = client.get(reverse(name))

    assert second.status_code == 200
    assert second.content == first.content
    assert "csrftoken" not in second.cookies  # nothing in the page is per reader


def test_a_reader_who_has_the_page_gets_304(client, decision):
    page = client.get(reverse("documents:decision"))
    assert page["ETag"] and page["Last-Modified"]
    assert "no-cache" in page["Cache-Control"]

    again = client.get(reverse("documents:decision"), HTTP_IF_NONE_MATCH=page["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_the_cached_page_goes_out_gzipped_to_a_browser_that_takes_it(client, decision):
    plain = client.get(reverse("documents:decision"))

    zipped = client.get(reverse("documents:decision"), HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] != plain["ETag"]  # one tag per representation
    assert "Accept-Encoding" in zipped["Vary"] and "Cookie" in zipped["Vary"]


def test_a_signed_in_reader_gets_their_own_header_around_the_cached_body(client, decision):
    client.get(reverse("documents:decision"))  # cached for anonymous readers
    client.force_login(UserFactory(username="li", first_name="明", last_name="李"))

    html = client.get(reverse("documents:decision")).content.decode()

    assert "李明" in html or "明 李" in html  # their name in the header
    assert "退出" in html
    assert "关于深入开展向李斌同志学习的决定" in html


def test_each_language_is_cached_apart(client, decision):
    chinese = client.get(reverse("documents:home")).content.decode()
    client.cookies["django_language"] = "en"

    english = client.get(reverse("documents:home")).content.decode()

    assert '<html lang="zh-hans">' in chinese
    assert '<html lang="en">' in english


def test_a_message_waiting_for_the_reader_is_shown_not_a_cached_page(client, decision):
    client.get(reverse("documents:home"))  # the anonymous page is in the cache
    client.force_login(UserFactory(username="zhang"))

    response = client.post(reverse("account_logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("documents:home")
    (message,) = [str(m) for m in response.context["messages"]]
    assert message in response.content.decode()


def test_a_change_of_the_decision_reaches_the_next_reader(
    client, decision, tmp_path, django_capture_on_commit_callbacks
):
    assert "转发至此" not in client.get(reverse("documents:decision")).content.decode()
    changed = tmp_path / "decision.txt"
    text = DECISION_FILE.read_text(encoding="utf-8")
    changed.write_text(text.replace("（此件发至", "（转发至此。此件发至", 1), encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        load_decision(decision_file=changed)

    assert "转发至此" in client.get(reverse("documents:decision")).content.decode()


def test_the_language_switch_needs_no_csrf_token(decision):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        reverse("set_language"), {"language": "en", "next": reverse("documents:decision")}
    )

    assert response.status_code == 302
    assert browser.cookies["django_language"].value == "en"


def test_a_query_string_is_served_but_not_from_the_cache(client, decision):
    client.get(reverse("documents:decision"))
    cache.clear()

    response = client.get(reverse("documents:decision") + "?utm_source=wechat")

    assert response.status_code == 200
    assert not cache.get("public-page:decision:zh-hans")
