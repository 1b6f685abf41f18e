"""A link pasted into a chat app shows a card: each public page has a description, Open Graph and
Twitter tags, a canonical address and PNG icons besides the SVG one."""

import re

from django.contrib.staticfiles import finders

PUBLIC = ["/", "/c/li-bin-2019/", "/c/li-bin-2019/decision/", "/c/li-bin-2019/profile/"]


def meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)
    assert found, key
    return found.group(1)


def test_the_decision_shares_as_a_card_naming_its_number(client, decision):
    html = client.get("/c/li-bin-2019/decision/").content.decode()

    assert meta(html, "og:title") == "关于深入开展向李斌同志学习的决定"
    assert "沪工总办〔2019〕60号" in meta(html, "og:description")
    assert meta(html, "description") == meta(html, "og:description")
    assert meta(html, "og:url") == "http://testserver/c/li-bin-2019/decision/"
    assert meta(html, "og:image").endswith(".png")
    assert meta(html, "twitter:card") == "summary"
    assert '<link rel="canonical" href="http://testserver/c/li-bin-2019/decision/">' in html


def test_every_public_page_has_a_description_and_png_icons(client, decision):
    for path in PUBLIC:
        html = client.get(path).content.decode()
        assert meta(html, "description"), path
        assert meta(html, "og:site_name") == "学习教育活动平台"
        assert re.search(r'<link rel="apple-touch-icon" href="[^"]+icon-180[^"]*\.png">', html)
        assert re.search(r'<link rel="icon" href="[^"]+icon-192[^"]*\.png"', html)
    for size in (180, 192, 512):
        assert finders.find(f"icons/icon-{size}.png"), size
