"""The backend's lists at size: search by a record's text or its unit, deep pages, and on
PostgreSQL the indexes that keep both fast; and how the lists are titled, counted and reached."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campaign import services
from campaign.models import Reflection, StudySession
from documents.models import LearningPoint
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [row.title for row in response.context["cl"].result_list]


def search(client, model: str, term: str) -> list[str]:
    return listed(client.get(reverse(f"admin:campaign_{model}_changelist"), {"q": term}))


@pytest.fixture
def sessions(tree):
    StudySessionFactory(organisation=tree.unit, title="学习工匠精神专题会", summary="")
    StudySessionFactory(organisation=tree.team, title="班组学习", summary="交流工匠精神体会")
    StudySessionFactory(organisation=tree.sibling, title="主题党日", summary="")
    StudySessionFactory(organisation=tree.other, title="徐汇的工匠精神学习", summary="")


def test_sessions_are_found_by_title_summary_unit_name_and_unit_code(client_as, sessions):
    client = client_as("district_admin")

    assert sorted(search(client, "studysession", "工匠精神")) == ["学习工匠精神专题会", "班组学习"]
    assert search(client, "studysession", "黄浦单位二") == ["主题党日"]
    assert search(client, "studysession", "HP-GH-02") == ["主题党日"]
    assert search(client, "studysession", "HP-GH-0") == []  # a code is matched whole


def test_every_term_of_a_search_must_match(client_as, sessions):
    client = client_as("district_admin")

    assert search(client, "studysession", "工匠精神 班组") == ["班组学习"]
    assert search(client, "studysession", '"学习工匠精神专题会"') == ["学习工匠精神专题会"]


def test_a_search_finds_nothing_outside_the_users_reach(client_as, sessions):
    client = client_as("organiser")

    assert sorted(search(client, "studysession", "工匠精神")) == ["学习工匠精神专题会", "班组学习"]
    assert search(client, "studysession", "徐汇") == []
    assert search(client, "studysession", "XH-GH-01") == []


def test_reflections_are_found_by_title_author_and_unit(client_as, tree):
    ReflectionFactory(organisation=tree.unit, title="学习敬业精神的体会", author_name="王芳")
    ReflectionFactory(organisation=tree.sibling, title="心得", author_name="李强")
    client = client_as("district_admin")

    assert search(client, "reflection", "敬业精神") == ["学习敬业精神的体会"]
    assert search(client, "reflection", "李强") == ["心得"]
    assert search(client, "reflection", "黄浦单位一") == ["学习敬业精神的体会"]


def test_a_deep_page_lists_the_rows_an_offset_would(client_as, tree):
    points = list(LearningPoint.objects.filter(number=1))
    today = timezone.localdate()
    units = [tree.unit, tree.team, tree.sibling]
    services.sessions_save(
        [
            (
                StudySession(
                    organisation=units[n % 3],
                    held_on=today - datetime.timedelta(days=n % 400),
                    title=f"第{n}次学习",
                    format="group_study",
                    participants=10,
                ),
                points,
            )
            for n in range(1060)
        ],
        by=None,
    )
    StudySessionFactory(organisation=tree.other, title="徐汇的学习")  # not the admin's
    client = client_as("district_admin")

    response = client.get(reverse("admin:campaign_studysession_changelist"), {"p": 22})

    expected = StudySession.objects.filter(organisation__district=1).order_by("-held_on", "-pk")
    assert listed(response) == [session.title for session in expected[1050:1100]]
    assert len(listed(response)) == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_searches_of_text_are_served_by_trigram_indexes(tree):
    plans = {}
    for model, field in [(StudySession, "title"), (StudySession, "summary")]:
        sql, params = model.objects.filter(
            **{f"{field}__icontains": "工匠精神"}
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small
            cursor.execute("EXPLAIN " + sql, params)
            plans[field] = "\n".join(row[0] for row in cursor.fetchall())

    assert "session_title_trgm" in plans["title"]
    assert "session_summary_trgm" in plans["summary"]


def test_the_sessions_search_makes_no_query_per_row(client_as, tree, django_assert_max_num_queries):
    for n in range(30):
        StudySessionFactory(
            organisation=OrganisationFactory(parent=tree.huangpu_body), title=f"学习{n}"
        )
    client = client_as("district_admin")

    # The page's queries, its filters by campaign and by point included: none per row.
    with django_assert_max_num_queries(14):
        titles = search(client, "studysession", "学习")

    assert len(titles) == 30


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("studysession", {"held_on__year": "9999"}),
        ("studysession", {"held_on__year": "2024", "held_on__month": "13"}),
        ("reflection", {"created_at__year": "9999"}),
        ("reflection", {"created_at__year": "1900"}),
    ],
)
def test_a_date_outside_the_campaign_shows_every_date_with_a_message(
    client_as, sessions, model, query
):
    """Typed into the address, such a date made the admin fail with a server error."""
    client = client_as("district_admin")

    response = client.get(reverse(f"admin:campaign_{model}_changelist"), query)
    shown = client.get(response["Location"])

    assert response.status_code == 302
    assert not any(name in response["Location"] for name in query)
    assert shown.status_code == 200
    assert "没有该日期的记录，已显示全部日期" in shown.content.decode()


def test_a_null_character_in_a_search_or_lookup_is_a_bad_request(client_as, sessions):
    """PostgreSQL cannot hold NUL in text: the lookup failed with a server error."""
    client = client_as("district_admin")

    searched = client.get(reverse("admin:campaign_studysession_changelist"), {"q": "学习\x00"})
    looked_up = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "\x00",
            "app_label": "campaign",
            "model_name": "studysession",
            "field_name": "organisation",
        },
    )

    assert searched.status_code == looked_up.status_code == 400


def text_of(html: str, pattern: str) -> str:
    """The text of the first element matched by `pattern`, tags removed, spaces collapsed."""
    found = re.search(pattern, html, re.DOTALL)
    assert found, pattern
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).replace("&rsaquo;", "›").split())


def test_a_list_is_titled_by_its_records_and_counts_them_in_plain_chinese(client_as, sessions):
    client = client_as("district_admin")
    url = reverse("admin:campaign_studysession_changelist")

    listed = client.get(url).content.decode()
    searched = client.get(url, {"q": "工匠精神"}).content.decode()

    assert text_of(listed, r"<h1>.*?</h1>") == "学习活动"
    assert text_of(listed, r'<p class="paginator">.*?</p>') == "共 3 条"
    assert "找到 2 条" in text_of(searched, r'<span class="small quiet">.*?</span>')
    assert "选择" not in text_of(listed, r"<title>.*?</title>")


def test_the_breadcrumbs_name_the_records_once(client_as, tree):
    client = client_as("organiser")

    added = client.get(reverse("admin:campaign_studysession_add")).content.decode()

    crumbs = text_of(added, r'<div class="breadcrumbs">.*?</div>')
    assert crumbs == "首页 › 活动台账 › 学习活动 › 新增学习活动"
    assert text_of(added, r"<h1>.*?</h1>") == "新增学习活动"


def test_the_backend_index_has_one_section_per_name(client_as, tree):
    html = client_as("campaign_admin").get(reverse("admin:index")).content.decode()

    sections = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>(.*?)</a>', html, re.DOTALL)
    assert sections == ["学习教育与决定", "意见建议", "活动台账", "用户与角色"]
    assert "电子邮件地址" not in html  # allauth's addresses: nothing to manage here


def test_the_date_drill_down_offers_only_years_months_and_days_with_records(client_as, tree):
    for day in (datetime.date(2021, 3, 5), datetime.date(2021, 3, 19), datetime.date(2024, 7, 1)):
        StudySessionFactory(organisation=tree.unit, held_on=day)
    StudySessionFactory(organisation=tree.other, held_on=datetime.date(2022, 1, 10))  # 徐汇
    client = client_as("district_admin")
    url = reverse("admin:campaign_studysession_changelist")

    def offered(query):
        html = client.get(url, query).content.decode()
        links = html.split('<nav class="toplinks">')[1].split("</nav>")[0]
        return re.findall(r'<a href="\?[^"]*">([^<]+)</a>', links)

    # The other district's 2022 is not within this admin's reach, so not offered either.
    assert offered({}) == ["2021", "2024"]
    assert offered({"held_on__year": "2021"}) == ["2021年3月"]
    assert offered({"held_on__year": "2021", "held_on__month": "3"}) == ["3月5日", "3月19日"]


def test_the_drill_down_of_reflections_counts_the_local_day(client_as, tree):
    """A reflection written at 07:30 in Shanghai on New Year's Day is in the new year."""
    reflection = ReflectionFactory(organisation=tree.unit)
    moment = timezone.make_aware(datetime.datetime(2025, 1, 1, 7, 30))  # 2024-12-31 23:30 UTC
    Reflection.objects.filter(pk=reflection.pk).update(created_at=moment)
    html = client_as("district_admin").get(reverse("admin:campaign_reflection_changelist"))
    assert "created_at__year=2025" in html.content.decode()
    assert "created_at__year=2024" not in html.content.decode()
