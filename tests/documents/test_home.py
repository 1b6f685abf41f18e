"""The home page: what the campaign is, its four learning points, and where to read more."""

from django.urls import reverse

from tests.source import texts_of


def test_home_links_each_learning_point_to_its_place_in_the_decision(client, decision):
    html = client.get(reverse("documents:home")).content.decode()

    assert texts_of(html, "point-name") == ["政治品格", "担当情怀", "敬业精神", "道德情操"]
    for number in range(1, 5):
        assert f'href="/decision/#point-{number}"' in html


def test_home_quotes_what_the_campaign_is_and_links_to_the_pages(client, decision):
    html = client.get(reverse("documents:home")).content.decode()

    assert "决定在全市深入开展向李斌同志学习的活动" in html
    assert 'href="/decision/#p-3"' in html
    assert 'href="/decision/"' in html
    assert 'href="/li-bin/"' in html
    assert 'href="/accounts/login/"' in html


def test_home_runs_a_fixed_number_of_queries(client, decision, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("documents:home"))
