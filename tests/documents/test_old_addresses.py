"""The addresses of the single-campaign portal, shared in chat apps, keep working: they lead, for
good (301), to the Li Bin campaign's pages."""

import pytest

from tests.source import texts_of


@pytest.mark.parametrize(
    ("old", "new"),
    [("/decision/", "/c/li-bin-2019/decision/"), ("/li-bin/", "/c/li-bin-2019/profile/")],
)
def test_an_old_address_answers_a_permanent_redirect_to_the_li_bin_campaign(
    client, decision, old, new
):
    response = client.get(old)

    assert response.status_code == 301
    # No fragment of its own, so a browser keeps the one it asked for: /decision/#p-3 lands on
    # /c/li-bin-2019/decision/#p-3 (the fragment never reaches the server).
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_an_old_address_keeps_its_query_string(client, decision):
    response = client.get("/decision/?from=singlemessage&isappinstalled=0")

    assert response["Location"] == "/c/li-bin-2019/decision/?from=singlemessage&isappinstalled=0"


def test_an_old_address_reaches_the_decision_as_issued(client, decision):
    html = client.get("/decision/", follow=True).content.decode()

    assert texts_of(html, "doc-title") == ["关于深入开展向李斌同志学习的决定"]
