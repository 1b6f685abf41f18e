"""The showcase: featured reflections whose authors agreed, and nothing else, anywhere public."""

import pytest
from django.urls import reverse

from campaign.choices import ReflectionStatus
from campaign.models import Reflection
from campaign.services import organisation_save, reflection_review, reflection_save
from tests.campaign.showcase.conftest import SHOWN
from tests.factories import ReflectionFactory

CAMPAIGN = "/c/li-bin-2019/"
DECISION = "/c/li-bin-2019/decision/"


def text(response) -> str:
    return response.content.decode()


def test_the_showcase_lists_public_reflections_with_their_unit_point_and_paragraph(client, gallery):
    public, hidden = gallery

    page = text(client.get(reverse("campaign:showcase")))

    assert public.title in page
    assert "黄浦单位一" in page
    assert "工匠精神" in page
    assert 'href="/c/li-bin-2019/decision/#p-3"' in page
    assert f'href="/reflections/{public.pk}/"' in page
    for reflection in hidden.values():
        assert reflection.title not in page
    assert "共 1 篇心得" in page


@pytest.mark.parametrize("kind", ["submitted", "approved", "returned", "no consent"])
def test_a_reflection_that_is_not_public_has_no_page(client, gallery, kind):
    _public, hidden = gallery
    response = client.get(reverse("campaign:showcase-detail", args=[hidden[kind].pk]))
    assert response.status_code == 404


def test_a_public_reflection_has_its_page_with_a_share_card(client, gallery):
    public, _hidden = gallery

    response = client.get(reverse("campaign:showcase-detail", args=[public.pk]))

    page = text(response)
    assert response.status_code == 200
    assert f'<meta property="og:title" content="{public.title}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="description" content="我读到工匠精神这一段，很受触动。' in page
    assert f'<link rel="canonical" href="http://testserver/reflections/{public.pk}/">' in page
    assert "4. 道德情操" in page


def test_filters_by_point_district_and_paragraph(client, tree, gallery):
    public, _hidden = gallery
    other = ReflectionFactory(organisation=tree.other, title="徐汇的公开心得", **SHOWN)
    url = reverse("campaign:showcase")

    assert public.title in text(client.get(url, {"point": 4}))
    assert public.title not in text(client.get(url, {"point": 1}))
    by_district = text(client.get(url, {"district": 2}))  # 徐汇
    assert other.title in by_district and public.title not in by_district
    by_paragraph = text(client.get(url, {"paragraph": 3}))
    assert public.title in by_paragraph and other.title not in by_paragraph


def test_a_filter_out_of_range_is_named_and_the_whole_showcase_shown(client, gallery):
    public, _hidden = gallery
    page = text(client.get(reverse("campaign:showcase"), {"point": 9}))
    assert "选择一个有效的选项" in page
    assert public.title in page


def test_the_showcase_is_paginated_newest_first(client, tree):
    for n in range(23):
        ReflectionFactory(organisation=tree.unit, title=f"公开心得第{n:02d}篇", **SHOWN)

    first = text(client.get(reverse("campaign:showcase")))
    second = text(client.get(reverse("campaign:showcase"), {"page": 2}))

    assert "公开心得第22篇" in first and "公开心得第02篇" not in first
    assert "公开心得第02篇" in second and "公开心得第22篇" not in second
    assert "第 1 页，共 2 页" in first


def test_un_featuring_or_withdrawing_consent_or_deactivating_the_unit_removes_it(
    client, tree, gallery
):
    public, _hidden = gallery
    url = reverse("campaign:showcase-detail", args=[public.pk])
    assert client.get(url).status_code == 200

    reflection_review(
        reflections=Reflection.objects.filter(pk=public.pk),
        status=ReflectionStatus.APPROVED,
        by=tree.campaign_admin,
    )
    assert client.get(url).status_code == 404

    reflection_review(
        reflections=Reflection.objects.filter(pk=public.pk),
        status=ReflectionStatus.FEATURED,
        by=tree.campaign_admin,
    )
    assert client.get(url).status_code == 200
    tree.unit.is_active = False
    organisation_save(tree.unit, by=tree.campaign_admin)
    assert client.get(url).status_code == 404
    assert public.title not in text(client.get(reverse("campaign:showcase")))


def test_the_showcase_reads_a_page_in_a_few_queries(client, tree, django_assert_max_num_queries):
    for n in range(25):
        ReflectionFactory(organisation=tree.unit, title=f"公开心得{n}", **SHOWN)
    # The decision, its paragraphs and points (the filters), the count and the page.
    with django_assert_max_num_queries(6):
        client.get(reverse("campaign:showcase"))


def test_the_decision_counts_the_public_reflections_quoting_each_paragraph(client, gallery):
    page = text(client.get(DECISION))
    # One public reflection quotes paragraph 3; the four hidden ones quoting it are not counted.
    assert (
        '<a href="/c/li-bin-2019/reflections/?paragraph=3">1 篇公开的心得引用了第 3 段</a>' in page
    )
    assert page.count('class="quoted-by"') == 1


def test_each_point_on_the_campaigns_home_shows_its_newest_public_reflection(client, gallery):
    public, hidden = gallery
    page = text(client.get(CAMPAIGN))
    assert f'<a href="/reflections/{public.pk}/" lang="zh-Hans">{public.title}</a>' in page
    for reflection in hidden.values():
        assert reflection.title not in page


def test_withdrawing_consent_reaches_the_cached_pages_at_once(
    client, tree, gallery, django_capture_on_commit_callbacks
):
    public, _hidden = gallery
    assert public.title in text(client.get(CAMPAIGN))  # now in the cache
    assert 'class="quoted-by"' in text(client.get(DECISION))

    public.public_consent = False
    with django_capture_on_commit_callbacks(execute=True):
        reflection_save(public, by=tree.campaign_admin, changed={"public_consent"})

    assert public.title not in text(client.get(CAMPAIGN))
    assert 'class="quoted-by"' not in text(client.get(DECISION))
