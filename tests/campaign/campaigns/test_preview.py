"""A draft at its public addresses: a preview for campaign admins, marked 草稿预览 and never
cached; the same 404 as a missing page for everyone else; in no list, search or form."""

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.urls import reverse

from campaign.services.points import PointRule
from documents.cache import CAMPAIGN_FRAGMENTS, SECTIONS
from documents.models import Campaign
from tests.campaign.campaigns.campaign_page import page_url, posted

PAGES = ("campaign", "decision")


def urls(campaign):
    return [reverse(f"documents:{page}", args=[campaign.slug]) for page in PAGES]


def with_profile(draft, client_as):
    """The draft given a profile on its page, so that its profile page exists."""
    client = client_as("campaign_admin")
    shown = client.get(page_url(draft))
    data = posted(shown, honours="示例同志", facts=[("achievement", "老同志带新同志")])
    assert client.post(page_url(draft), data).status_code == 302
    return [*urls(draft), reverse("documents:profile", args=[draft.slug])]


def test_a_campaign_admin_previews_a_draft_marked_as_such_and_never_cached(client_as, draft):
    addresses = with_profile(draft, client_as)
    client = client_as("campaign_admin")
    for url in addresses:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "草稿预览" in page
        assert "示例草稿活动" in page
        assert "no-store" in response["Cache-Control"]
    # Nothing of the draft is kept for others: no whole page, no fragment of its body.
    for page in ("campaign", "decision", "profile"):
        assert cache.get(f"public-page:{page}:{draft.slug}:zh-hans") is None
    for name in CAMPAIGN_FRAGMENTS:
        assert cache.get(make_template_fragment_key(name, [draft.slug, "zh-hans"])) is None
    assert cache.get(make_template_fragment_key(SECTIONS, [draft.slug, "zh-hans", 1])) is None
    client.logout()
    assert client.get(addresses[0]).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "reader", "organiser", "district_admin"])
def test_a_draft_answers_404_to_everyone_else(client, client_as, draft, who):
    addresses = with_profile(draft, client_as)
    client.logout()
    if who != "anonymous":
        client = client_as(who)
    for url in addresses:
        response = client.get(url)
        assert response.status_code == 404, (who, url)
        assert "草稿预览" not in response.content.decode()


def test_a_draft_appears_in_no_public_list_search_or_session_form(client, draft, tree):
    Campaign.objects.filter(pk=draft.pk).update(name="独一无二的草稿名")
    assert "独一无二的草稿名" not in client.get(reverse("documents:home")).content.decode()
    found = client.get(reverse("campaign:search"), {"q": "通读原文"}).content.decode()
    assert "示例学发〔2026〕9号" not in found and "draft-2026" not in found
    rule = PointRule.load()
    assert draft.pk not in {c.pk for c in rule.open_to(tree.unit)}
    assert draft.pk not in {c.pk for c in rule.open_to(None)}
