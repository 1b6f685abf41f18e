"""Help for reviewers: reflections in their scope with nearly the same text, and short reflections
that are mostly the decision's own words (campaign.similar), on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from campaign import similar
from campaign.choices import ReflectionStatus
from campaign.models import Reflection
from tests.factories import ReflectionFactory

ORIGINAL = (
    "参加单位组织的专题学习后，我对李斌同志“在党旗下宣了誓，就要一辈子对照着合格党员的要求去做”"
    "这句话感触很深。我在公司质检岗位工作了十二年，过去总觉得把检验标准执行到位就算尽职了。"
    "对照李斌同志拒绝国外高薪、一心回国为企业作贡献的选择，我认识到党员的标准不只是完成任务，"
    "更要在关键时刻站得出来。今年我们车间承担了新产品的试制，我主动报名参加攻关小组，"
    "把每一批试制件的检测数据整理成台账，发现问题第一时间反馈给工艺组，用实际行动践行入党时的誓言。"
)
# The same text with a few characters changed, as a copy handed in by another unit.
COPY = (
    ORIGINAL.replace("十二年", "八年")
    .replace("质检岗位", "检验岗位")
    .replace("新产品", "新型号")
    .replace("攻关小组", "技术小组")
)
# Another reflection on the same point, in its own words.
DIFFERENT = (
    "这次学习让我重新思考了什么是坚定的理想信念。李斌同志从技校生成长为高级技师，"
    "几十年扎根一线，靠的是对党和国家事业的忠诚。我是一名刚入职三年的青年团员，"
    "平时在物流调度中心负责排班，工作中遇到加班多、任务急的情况，难免有过抱怨。"
    "读了决定里的事迹介绍，我觉得爱党爱国不是一句口号，而是落实在每一次准时发车、"
    "每一单准确配送里。我已经向团支部提交了入党申请书，今后要多向身边的老党员请教，"
    "在平凡岗位上把小事做好，争取早日成为一名合格的共产党员。"
)


def shown(reflection, user) -> str:
    """The help section as the reviewer reads it on the reflection's change form."""
    with translation.override("zh-hans"):
        return render_to_string(
            "campaign/similar.html", {"review_help": similar.review_help(reflection, user)}
        )


def found(reflection, user) -> dict[int, int]:
    """The reflections listed for it: id -> similarity in per cent."""
    return {match.id: match.percent for match in similar.near_duplicates(reflection, user)}


@pytest.fixture
def pair(tree):
    """An original from one unit and a copy of it, under another title, from another unit of the
    same district."""
    original = ReflectionFactory(organisation=tree.unit, title="做合格党员", body=ORIGINAL)
    copy = ReflectionFactory(organisation=tree.sibling, title="对照誓言找差距", body=COPY)
    return original, copy


def test_the_texts_are_as_the_tests_need_them():
    copy = similar.similarity(similar.trigrams(ORIGINAL), similar.trigrams(COPY))
    different = similar.similarity(similar.trigrams(ORIGINAL), similar.trigrams(DIFFERENT))
    assert copy > 0.8
    assert different < 0.2


def test_a_copied_reflection_is_found_with_a_high_similarity_and_shown_to_the_reviewer(tree, pair):
    original, copy = pair

    matches = similar.near_duplicates(copy, tree.district_admin)
    page = shown(copy, tree.district_admin)

    assert [match.id for match in matches] == [original.pk]
    match = matches[0]
    assert (match.title, match.unit, match.author) == ("做合格党员", "黄浦单位一", "张三")
    assert 0.8 < match.similarity < 1
    assert "相似的心得" in page
    assert f'href="{reverse("admin:campaign_reflection_change", args=[original.pk])}"' in page
    assert "做合格党员" in page and "黄浦单位一" in page and "已提交" in page
    assert f"{match.percent}%" in page
    assert f"{timezone.localtime(original.created_at):%Y-%m-%d}" in page


def test_the_copy_is_found_from_the_original_too(tree, pair):
    original, copy = pair
    assert list(found(original, tree.campaign_admin)) == [copy.pk]


def test_an_original_reflection_on_the_same_point_is_not_flagged(tree, pair):
    original, _copy = pair
    different = ReflectionFactory(organisation=tree.unit, title="坚定理想信念", body=DIFFERENT)

    assert found(different, tree.district_admin) == {}
    assert different.pk not in found(original, tree.district_admin)
    page = shown(different, tree.district_admin)
    assert "您有权查看的心得中，没有与本篇文字相近的。" in page
    assert "做合格党员" not in page and "<table>" not in page


def test_the_reflection_itself_is_not_listed_but_an_identical_one_is(tree, pair):
    original, copy = pair
    again = ReflectionFactory(organisation=tree.team, title="再交一次", body=ORIGINAL)

    listed = found(original, tree.campaign_admin)

    assert original.pk not in listed
    assert listed[again.pk] == 100
    assert copy.pk in listed
    assert list(listed) == [again.pk, copy.pk]  # the most similar first


def test_a_reflection_outside_the_reviewers_scope_is_never_shown(tree, pair):
    original, copy = pair
    elsewhere = ReflectionFactory(organisation=tree.other, title="徐汇的心得", body=COPY)

    # The district admin of Huangpu: both Huangpu units, not Xuhui's.
    assert set(found(original, tree.district_admin)) == {copy.pk}
    assert "徐汇的心得" not in shown(original, tree.district_admin)
    # The organiser of `unit` (and `team` under it): not the sibling unit's copy.
    assert found(original, tree.organiser) == {}
    # The organiser in Xuhui, reviewing their own unit's copy: nothing of Huangpu.
    assert found(elsewhere, tree.outsider) == {}
    assert "做合格党员" not in shown(elsewhere, tree.outsider)
    # Whoever is not a reviewer of any scope gets nothing.
    assert found(original, tree.reader) == {}
    # The campaign admin sees all of them.
    assert set(found(original, tree.campaign_admin)) == {copy.pk, elsewhere.pk}


def test_more_copies_than_are_shown_list_the_most_similar_first(tree, pair):
    original, _copy = pair
    for n in range(8):
        ReflectionFactory(organisation=tree.sibling, title=f"抄件{n}", body=ORIGINAL[: -n - 1])

    matches = similar.near_duplicates(original, tree.district_admin)

    assert len(matches) == similar.MATCHES_SHOWN
    assert [match.title for match in matches] == [f"抄件{n}" for n in range(5)]
    assert matches == sorted(matches, key=lambda match: -match.similarity)


def test_a_short_reflection_that_is_mostly_the_decision_is_flagged_with_its_share(tree, point):
    quoted = point.paragraph.text.replace("*", "")
    reflection = ReflectionFactory(
        organisation=tree.unit, body=quoted + "我要认真学习，在岗位上做合格党员。"
    )

    share = similar.copied_from_decision(reflection)
    help_ = similar.review_help(reflection, tree.district_admin)
    page = shown(reflection, tree.district_admin)

    assert share > 0.9
    assert help_["copied_flagged"] and help_["copied_percent"] == round(share * 100)
    assert f"这篇心得较短（不足 400 字），其中 {round(share * 100)}% 的文字照抄决定原文。" in page


def test_a_long_original_reflection_is_not_flagged(tree):
    reflection = ReflectionFactory(organisation=tree.unit, body=ORIGINAL + DIFFERENT)

    help_ = similar.review_help(reflection, tree.district_admin)

    assert help_["copied_share"] < 0.1
    assert not help_["copied_flagged"]
    assert "照抄决定原文" not in shown(reflection, tree.district_admin)


def test_a_long_reflection_quoting_much_of_the_decision_is_not_flagged_as_short(tree, decision):
    paragraphs = [paragraph.text for paragraph in decision.paragraphs.all()[:3]]
    reflection = ReflectionFactory(organisation=tree.unit, body="".join(paragraphs) + DIFFERENT)

    help_ = similar.review_help(reflection, tree.district_admin)

    assert help_["copied_share"] > 0.5
    assert not help_["copied_flagged"]


def test_punctuation_and_spaces_do_not_hide_a_copy(tree, point):
    quoted = point.paragraph.text.replace("*", "").replace("，", " , ").replace("。", "\n")
    reflection = ReflectionFactory(organisation=tree.unit, body=quoted + "我要认真学习。")

    assert similar.copied_from_decision(reflection) > 0.9


def test_titles_and_names_are_escaped(tree):
    ReflectionFactory(
        organisation=tree.unit, title="<b>抄来的</b>", author_name="<i>某</i>", body=ORIGINAL
    )
    copy = ReflectionFactory(organisation=tree.sibling, body=COPY)

    page = shown(copy, tree.district_admin)

    assert "&lt;b&gt;抄来的&lt;/b&gt;" in page and "&lt;i&gt;某&lt;/i&gt;" in page
    assert "<b>" not in page and "<i>" not in page


def test_the_help_reads_a_fixed_number_of_queries(tree, pair, django_assert_max_num_queries):
    original, _copy = pair
    for n in range(30):
        ReflectionFactory(organisation=tree.sibling, title=f"抄件{n}", body=COPY + f"第{n}篇")
    # The matches (on PostgreSQL: in a savepoint, the settings of the search, the planner's
    # estimate and the search; one more when a busy machine makes the indexed search give up at
    # its time limit and the plain one runs) and the decision's paragraphs: none per match.
    with django_assert_max_num_queries(8):
        help_ = similar.review_help(original, tree.district_admin)

    assert len(help_["matches"]) == similar.MATCHES_SHOWN


def bulk(tree, point, bodies):
    Reflection.objects.bulk_create(
        Reflection(
            organisation=tree.sibling,
            district=tree.sibling.district,
            point=point,
            author_name="作者",
            title=f"第{n}篇体会",
            body=body,
            status=ReflectionStatus.SUBMITTED,
        )
        for n, body in enumerate(bodies)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE campaign_reflection")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_on_postgresql_an_old_copy_is_found_beyond_the_newest_reflections(tree, point, pair):
    original, copy = pair
    bulk(
        tree, point, [f"编号{n:05d}。" + DIFFERENT for n in range(similar.RECENT_CANDIDATES + 100)]
    )

    found = similar.search(copy, tree.district_admin)
    page = shown(copy, tree.district_admin)

    assert not found.recent_only
    assert [match.id for match in found.matches] == [original.pk]
    assert "做合格党员" in page and "未比对全部心得" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_where_a_great_many_are_alike_the_newest_are_compared_and_the_reviewer_is_told(
    tree, point, pair
):
    """The benchmark's case: the index would list thousands; the newest are compared instead."""
    original, _copy = pair
    bulk(tree, point, [f"编号{n:05d}。" + ORIGINAL for n in range(3 * similar.INDEX_ROWS)])

    found = similar.search(original, tree.district_admin)
    page = shown(original, tree.district_admin)

    assert found.recent_only
    assert len(found.matches) == similar.MATCHES_SHOWN
    assert all(match.percent >= 90 for match in found.matches)
    assert "仅与您有权查看的最新 500 篇心得作了比对，未比对全部心得。" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
@pytest.mark.parametrize("reviewer", ["district_admin", "campaign_admin"])
def test_the_candidates_are_read_from_the_trigram_index(tree, point, reviewer):
    """As at city scale: many reflections, few of them alike, listed by the GIN index."""
    bulk(tree, point, [f"编号{n:05d}。" + DIFFERENT for n in range(3000)])
    reflection = ReflectionFactory(organisation=tree.unit, body=COPY)
    scope = Reflection.objects.visible_to(getattr(tree, reviewer)).exclude(pk=reflection.pk)
    sql, params = similar.indexed_matches(reflection.body, scope).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as the search sets it
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on reflection_body_similar" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_an_index_search_that_takes_too_long_gives_way_to_the_newest(
    tree, point, pair, monkeypatch
):
    """Texts sharing half their trigrams with this one without being alike: the index lists
    every one of them to be compared and turned down (the planner expected none)."""
    original, copy = pair
    half = ORIGINAL[: len(ORIGINAL) // 2]
    bulk(tree, point, [half + f"编号{n:05d}。" + DIFFERENT for n in range(400)])
    monkeypatch.setattr(similar, "INDEX_MILLISECONDS", 1)

    found = similar.search(copy, tree.district_admin)

    assert found.recent_only
    assert original.pk in [match.id for match in found.matches]
    with connection.cursor() as cursor:  # the transaction goes on, with its settings as they were
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_a_reviewer_opening_a_submitted_copy_sees_the_original_in_the_form(client_as, tree, pair):
    original, copy = pair
    url = reverse("admin:campaign_reflection_change", args=[copy.pk])

    reviewer = client_as("district_admin").get(url).content.decode()
    organiser = client_as("organiser").get(url).content.decode()

    assert "相似的心得" in reviewer
    assert reverse("admin:campaign_reflection_change", args=[original.pk]) in reviewer
    assert "相似的心得" not in organiser  # reviewing is the admins' work
    Reflection.objects.filter(pk=copy.pk).update(status=ReflectionStatus.APPROVED)
    assert "相似的心得" not in client_as("district_admin").get(url).content.decode()
