"""The public pages from the cache: what an anonymous reader gets, what a signed-in reader gets,
that each campaign's pages are kept apart, and that a change of a campaign reaches the next
reader."""

import gzip

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from documents.loader import DECISION_FILE, load_decision
from tests.documents.folders import SAMPLE_TEXT, li_bin_copy, sample_folder
from tests.factories import UserFactory
from tests.source import texts_of

DECISION = "/c/li-bin-2019/decision/"
PAGES = ["/", "/c/li-bin-2019/", DECISION, "/c/li-bin-2019/profile/"]


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_reader_gets_the_cached_page_without_a_query(
    client, decision, path, django_assert_num_queries
):
    first = client.get(path)

    with django_assert_num_queries(0):
        second = client.get(path)

    assert second.status_code == 200
    assert second.content == first.content
    assert "csrftoken" not in second.cookies  # nothing in the page is per reader


def test_a_reader_who_has_the_page_gets_304(client, decision):
    page = client.get(DECISION)
    assert page["ETag"] and page["Last-Modified"]
    assert "no-cache" in page["Cache-Control"]

    again = client.get(DECISION, HTTP_IF_NONE_MATCH=page["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_the_cached_page_goes_out_gzipped_to_a_browser_that_takes_it(client, decision):
    plain = client.get(DECISION)

    zipped = client.get(DECISION, HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] != plain["ETag"]  # one tag per representation
    assert "Accept-Encoding" in zipped["Vary"] and "Cookie" in zipped["Vary"]


def test_a_signed_in_reader_gets_their_own_header_around_the_cached_body(client, decision):
    client.get(DECISION)  # cached for anonymous readers
    client.force_login(UserFactory(username="li", first_name="明", last_name="李"))

    html = client.get(DECISION).content.decode()

    assert "李明" in html or "明 李" in html  # their name in the header
    assert "退出" in html
    assert "关于深入开展向李斌同志学习的决定" in html


def test_each_language_is_cached_apart(client, decision):
    chinese = client.get("/").content.decode()
    client.cookies["django_language"] = "en"

    english = client.get("/").content.decode()

    assert '<html lang="zh-hans">' in chinese
    assert '<html lang="en">' in english


def test_a_message_waiting_for_the_reader_is_shown_not_a_cached_page(client, decision):
    client.get("/")  # the anonymous page is in the cache
    client.force_login(UserFactory(username="zhang"))

    response = client.post(reverse("account_logout"), follow=True)

    assert response.redirect_chain[-1][0] == "/"
    (message,) = [str(m) for m in response.context["messages"]]
    assert message in response.content.decode()


def test_a_change_of_the_decision_reaches_the_next_reader(
    client, decision, tmp_path, django_capture_on_commit_callbacks
):
    assert "转发至此" not in client.get(DECISION).content.decode()
    text = DECISION_FILE.read_text(encoding="utf-8")
    changed = li_bin_copy(
        tmp_path / "changed", decision_text=text.replace("（此件发至", "（转发至此。此件发至", 1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        load_decision(changed)

    assert "转发至此" in client.get(DECISION).content.decode()


def test_the_language_switch_needs_no_csrf_token(decision):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("set_language"), {"language": "en", "next": DECISION})

    assert response.status_code == 302
    assert browser.cookies["django_language"].value == "en"


def test_a_query_string_is_served_but_not_from_the_cache(client, decision):
    client.get(DECISION)
    cache.clear()

    response = client.get(DECISION + "?utm_source=wechat")

    assert response.status_code == 200
    assert not cache.get("public-page:decision:li-bin-2019:zh-hans:normal")


def test_each_campaigns_pages_are_cached_apart(client, decision, sample, django_assert_num_queries):
    for path in (DECISION, "/c/sample-2026/decision/"):
        client.get(path)

    with django_assert_num_queries(0):
        li_bin = client.get(DECISION).content.decode()
        made_up = client.get("/c/sample-2026/decision/").content.decode()

    assert texts_of(li_bin, "doc-title") == ["关于深入开展向李斌同志学习的决定"]
    assert texts_of(made_up, "doc-title") == ["关于开展示例学习活动的决定（示例）"]


def test_reloading_a_campaign_forgets_its_pages_and_the_home_and_nothing_else(
    client,
    decision,
    sample,
    tmp_path,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    for path in ("/", DECISION, "/c/sample-2026/", "/c/sample-2026/decision/"):
        client.get(path)
    revised = SAMPLE_TEXT.replace("（示例）", "（示例，修订稿）")

    with django_capture_on_commit_callbacks(execute=True):
        load_decision(
            sample_folder(tmp_path / "revised", decision_text=revised, name="修订后的示例")
        )

    assert "（示例，修订稿）" in client.get("/c/sample-2026/decision/").content.decode()
    assert "修订后的示例" in client.get("/c/sample-2026/").content.decode()
    assert "修订后的示例" in client.get("/").content.decode()
    with django_assert_num_queries(0):
        assert client.get(DECISION).status_code == 200  # the Li Bin campaign's, still cached


def test_a_campaign_turned_back_into_a_draft_leaves_the_cache_at_once(
    client, sample, tmp_path, django_capture_on_commit_callbacks
):
    assert client.get("/c/sample-2026/").status_code == 200  # cached

    with django_capture_on_commit_callbacks(execute=True):
        load_decision(sample_folder(tmp_path / "draft", status="draft"))

    assert client.get("/c/sample-2026/").status_code == 404
    assert "/c/sample-2026/" not in client.get("/").content.decode()
