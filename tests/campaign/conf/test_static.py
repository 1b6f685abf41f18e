"""Pages fetch nothing from the internet: every script, style, font and image is local."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

STATIC = Path(__file__).resolve().parents[3] / "static"
EXTERNAL = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//""")


@pytest.mark.parametrize(
    "name", ["documents:home", "documents:decision", "documents:profile", "account_login"]
)
def test_page_loads_nothing_from_another_site(client, decision, name):
    html = client.get(reverse(name)).content.decode()
    # The canonical link names the page's own address, absolute; it loads nothing.
    own = re.sub(r'<link rel="canonical" href="http://testserver/[^"]*">', "", html)

    assert not EXTERNAL.search(own)


def test_stylesheets_load_nothing_from_another_site():
    for css in STATIC.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text(), css
