"""The public pages' structure, as assistive technology reads it: one h1, headings that never
skip a level, and every navigation landmark named."""

from html.parser import HTMLParser

import pytest

PAGES = [
    "/",
    "/c/li-bin-2019/",
    "/c/li-bin-2019/decision/",
    "/c/li-bin-2019/profile/",
    "/c/sample-2026/",
    "/c/sample-2026/decision/",
]


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.navs: list[dict] = []
        self.mains = 0

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        elif tag == "nav":
            self.navs.append(dict(attrs))
        elif tag == "main":
            self.mains += 1


@pytest.mark.parametrize("path", PAGES)
def test_a_public_page_has_one_h1_headings_in_order_and_named_navigation(
    client, decision, sample, path
):
    outline = Outline()
    outline.feed(client.get(path).content.decode())

    assert outline.headings.count(1) == 1 and outline.headings[0] == 1, outline.headings
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False)), (
        outline.headings
    )
    assert outline.mains == 1
    labels = [nav.get("aria-label") for nav in outline.navs]
    assert all(labels) and len(set(labels)) == len(labels), labels
