"""Refusals and missing pages in the portal's own layout and language."""

from django.urls import reverse

from tests.factories import UserFactory


def test_refusals_and_missing_pages_keep_the_portal_layout(client, decision):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "页面不存在" in missing.content.decode()
    assert 'class="site-header"' in missing.content.decode()

    client.force_login(UserFactory(username="reader"))
    refused = client.get(reverse("campaign:reports"))
    assert refused.status_code == 403
    assert "无权访问" in refused.content.decode()
