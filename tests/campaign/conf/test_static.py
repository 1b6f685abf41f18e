"""Pages fetch nothing from the internet: every script, style, font and image is local."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[3] / "static"
EXTERNAL = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//""")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/c/li-bin-2019/",
        "/c/li-bin-2019/decision/",
        "/c/li-bin-2019/profile/",
        "/accounts/login/",
    ],
)
def test_page_loads_nothing_from_another_site(client, decision, path):
    html = client.get(path).content.decode()
    # The canonical link names the page's own address, absolute; it loads nothing.
    own = re.sub(r'<link rel="canonical" href="http://testserver/[^"]*">', "", html)

    assert not EXTERNAL.search(own)


def test_stylesheets_load_nothing_from_another_site():
    for css in STATIC.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text(), css
