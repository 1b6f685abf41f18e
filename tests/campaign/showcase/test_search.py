"""Search over the decision's paragraphs and the showcase: substring matches for Chinese, the
match highlighted and escaped, nothing that is not public, and short queries refused."""

import pytest
from django.db import connection
from django.urls import reverse

from campaign.choices import ReflectionStatus
from campaign.models import Reflection
from campaign.showcase import search as searching
from tests.campaign.showcase.conftest import SHOWN
from tests.factories import REFLECTION_BODY, ReflectionFactory


def search(client, query, **more):
    return client.get(reverse("campaign:search"), {"q": query, **more}).content.decode()


def test_a_chinese_query_finds_the_paragraph_and_the_reflection_with_the_match_marked(
    client, gallery
):
    public, _hidden = gallery

    page = search(client, "工匠精神")

    assert 'href="/c/li-bin-2019/decision/#p-' in page
    assert "<mark>工匠精神</mark>" in page
    assert f'href="/reflections/{public.pk}/"' in page
    assert "共 1 篇心得" in page


@pytest.mark.parametrize("query", ["隐藏的心得", "已提交", "未同意", "再具体一些"])
def test_what_is_not_public_is_never_found(client, gallery, query):
    page = search(client, query)
    assert 'class="showcase-item"' not in page
    assert "共 0 篇心得" in page


def test_a_query_is_never_markup(client, tree):
    ReflectionFactory(
        organisation=tree.unit,
        title="<b>心得</b>标题",
        body="正文<script>alert(1)</script>" * 30,
        **SHOWN,
    )

    page = search(client, "<script>")

    assert "<script>alert" not in page
    assert "<mark>&lt;script&gt;</mark>alert(1)" in page
    assert "&lt;b&gt;心得&lt;/b&gt;标题" in page


@pytest.mark.parametrize("query", ["李", "。。", "  ", "!?", "a"])
def test_one_character_or_only_punctuation_gets_a_message_not_the_corpus(client, gallery, query):
    public, _hidden = gallery
    page = search(client, query)
    assert "请至少输入两个字" in page
    assert public.title not in page
    assert "<mark>" not in page


def test_the_results_page_through_twenty_at_a_time(client, tree):
    for n in range(25):
        ReflectionFactory(organisation=tree.unit, title=f"学习体会第{n:02d}篇", **SHOWN)

    first = search(client, "学习体会")
    second = search(client, "学习体会", page=2)

    assert "共 25 篇心得" in first
    assert first.count('class="showcase-item"') == 20
    assert second.count('class="showcase-item"') == 5
    assert "page=2" in first


def test_the_search_box_is_in_the_header_of_every_public_page(client, decision):
    for path in ("/", "/c/li-bin-2019/", "/c/li-bin-2019/decision/", "/c/li-bin-2019/profile/"):
        page = client.get(path).content.decode()
        assert 'role="search"' in page and 'action="/search/"' in page, path
    page = client.get(reverse("campaign:showcase")).content.decode()
    assert 'role="search"' in page and 'action="/search/"' in page


def test_search_reads_a_fixed_number_of_queries(client, tree, django_assert_max_num_queries):
    for n in range(25):
        ReflectionFactory(organisation=tree.unit, title=f"学习体会{n}", **SHOWN)
    # The decision, its matching paragraphs, the count and the page of reflections.
    with django_assert_max_num_queries(4):
        search(client, "学习体会")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_a_search_for_a_rare_term_reads_the_showcases_trigram_indexes(tree, point):
    """As at city scale: most reflections are not public, the term is in one public text."""
    Reflection.objects.bulk_create(
        Reflection(
            organisation=tree.unit,
            district=tree.unit.district,
            point=point,
            author_name="作者",
            title=f"第{n}篇体会",
            body=f"编号{n:05d}。" + REFLECTION_BODY,
            status=ReflectionStatus.FEATURED if n % 10 == 0 else ReflectionStatus.APPROVED,
            public_consent=True,
        )
        for n in range(4000)
    )
    sql, params = searching.reflections("编号00120").query.sql_with_params()
    with connection.cursor() as cursor:
        # The rows just written wait in the GIN indexes' pending lists until a vacuum, which
        # the planner prices as a scan of them (autovacuum, or not, made this test flaky):
        # flush them, as the city's long-lived indexes are.
        for index in ("reflection_showcase_body_trgm", "reflection_showcase_title_trgm"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE campaign_reflection")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "reflection_showcase_body_trgm" in plan
    assert "reflection_showcase_title_trgm" in plan


def test_a_word_found_in_a_great_many_lists_the_newest_and_says_so(client, tree, monkeypatch):
    monkeypatch.setattr(searching, "COUNTED_MOST", 5)
    monkeypatch.setattr(searching, "LISTED_MOST", 4)
    for n in range(8):
        ReflectionFactory(organisation=tree.unit, title=f"常见词第{n}篇", **SHOWN)

    page = search(client, "常见词")

    assert "超过 5 篇心得，列出最新的 4 篇" in page
    assert "请再加一两个词语" in page
    listed = [n for n in range(8) if f"<mark>常见词</mark>第{n}篇" in page]
    assert listed == [4, 5, 6, 7]  # the newest four, and no second page
    assert "page=2" not in page
