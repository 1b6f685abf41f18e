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


def test_interface_is_simplified_chinese_by_default(client, decision):
    html = client.get(reverse("documents:home")).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "四个学习要点" in html
    assert "登录" in html


def test_language_switch_gives_an_english_interface_and_keeps_the_decision_chinese(
    client, decision
):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("documents:decision")}
    )
    assert response.status_code == 302

    html = client.get(reverse("documents:decision")).content.decode()
    assert '<html lang="en">' in html
    assert ">Sign in<" in html
    assert texts_of(html, "doc-title") == ["关于深入开展向李斌同志学习的决定"]
    assert '<article class="official-document" lang="zh-Hans"' in html


def test_home_runs_a_fixed_number_of_queries(client, decision, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("documents:home"))


def test_an_english_browser_still_gets_chinese_until_it_switches(client, decision):
    html = client.get(reverse("documents:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="zh-hans">' in html.content.decode()


def test_refusals_and_missing_pages_keep_the_portal_layout(client, decision):
    from tests.factories import UserFactory

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "页面不存在" in missing.content.decode()
    assert 'class="site-header"' in missing.content.decode()

    client.force_login(UserFactory(username="reader"))
    refused = client.get(reverse("campaign:reports"))
    assert refused.status_code == 403
    assert "无权访问" in refused.content.decode()
