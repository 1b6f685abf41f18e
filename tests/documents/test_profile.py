"""Li Bin's profile: every fact quoted word for word from the decision and linked to it."""

from documents.models import ProfileFact
from tests.source import texts_of

PROFILE = "/c/li-bin-2019/profile/"

# Items the profile must carry, each exactly as the decision words it.
EXPECTED = {
    "office": ["中国共产党第十六次、十七次、十九次全国代表大会代表"],
    "honour": ["连续四次被评为全国劳模", "全国道德模范", "中华技能大奖"],
    "achievement": ["突破了 11 项关键技术", "荣获国家科技进步二等奖"],
    "career": ["入厂 39 年来", "从一名技校生成长为大学本科生和高级技师"],
}


def test_profile_groups_the_facts_under_chinese_headings(client, decision):
    html = client.get(PROFILE).content.decode()

    assert '<h1 lang="zh-Hans">李斌同志</h1>' in html
    for kind, heading in [
        ("office", "职务"),
        ("honour", "荣誉"),
        ("achievement", "业绩"),
        ("career", "经历"),
    ]:
        assert f'<h2 id="{kind}-title">{heading}</h2>' in html
        section = html[html.index(f'id="{kind}-title"') :]
        section = section[: section.index("</section>")]
        for text in EXPECTED[kind]:
            assert text in section, (kind, text)


def test_every_fact_is_quoted_from_the_paragraph_it_links_to(client, decision):
    html = client.get(PROFILE).content.decode()
    facts = ProfileFact.objects.select_related("paragraph")

    assert facts.count() == 23
    for fact in facts:
        assert fact.text in fact.paragraph.text
        assert (
            f'{fact.text}</span> <a class="source" href="/c/li-bin-2019/decision/#p-{fact.paragraph.number}">'
            in html
        )


def test_profile_states_nothing_beyond_the_decision(client, decision):
    html = client.get(PROFILE).content.decode()

    assert "<img" not in html
    assert "出生" not in html
    paragraphs = "".join(p.text for p in decision.paragraphs.all())
    shown = texts_of(html, "fact-text")
    assert len(shown) == 23
    for text in shown:
        assert text in paragraphs, text


def test_profile_runs_a_fixed_number_of_queries(client, decision, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(PROFILE)
