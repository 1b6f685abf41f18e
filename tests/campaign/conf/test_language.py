"""Simplified Chinese by default, English on request only: the switcher's cookie decides, never the
browser's Accept-Language, and the decision itself stays Chinese."""

from django.urls import reverse

from tests.source import texts_of


def test_interface_is_simplified_chinese_by_default(client, decision):
    html = client.get(reverse("documents:home")).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "正在进行的学习活动" in html
    assert "登录" in html


def test_language_switch_gives_an_english_interface_and_keeps_the_decision_chinese(
    client, decision
):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/c/li-bin-2019/decision/"}
    )
    assert response.status_code == 302

    html = client.get("/c/li-bin-2019/decision/").content.decode()
    assert '<html lang="en">' in html
    assert ">Sign in<" in html
    assert texts_of(html, "doc-title") == ["关于深入开展向李斌同志学习的决定"]
    assert '<article class="official-document" lang="zh-Hans"' in html


def test_an_english_browser_still_gets_chinese_until_it_switches(client, decision):
    html = client.get(reverse("documents:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="zh-hans">' in html.content.decode()
