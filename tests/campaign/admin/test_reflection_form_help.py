"""The reflection's form for an organiser (issue 21): its session picker names each session by
day and unit and tells a make-up (补课) from the session it makes up; a second reflection on the
same session with nearly the same text asks “submit anyway?” before it is saved; after a refused
save the page's title is in Chinese."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaign.choices import AbsenceReason
from campaign.models import Reflection
from tests.campaign.entries import days_ago, post_reflection, reflection_form
from tests.campaign.test_similar import COPY, DIFFERENT, ORIGINAL
from tests.factories import ReflectionFactory, StudySessionFactory

PICKER = reverse("admin:campaign_reflection_session_picker")


@pytest.fixture
def missed_and_made_up(tree):
    """A session with an absentee, and the make-up session that names her, under the default
    make-up title (补课：<title>)."""
    missed = StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(10),
        title="学习李斌同志事迹",
        absentees=[("李娜", AbsenceReason.SICK, "")],
    )
    makeup = StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(3),
        title="补课：学习李斌同志事迹",
        made_up=list(missed.absentees.all()),
    )
    return missed, makeup


def picked(client, term: str) -> list[str]:
    response = client.get(
        PICKER,
        {
            "term": term,
            "app_label": "campaign",
            "model_name": "reflection",
            "field_name": "session",
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_session_picker_names_day_unit_and_what_a_make_up_makes_up_for(
    client_as, tree, missed_and_made_up
):
    missed, makeup = missed_and_made_up
    texts = picked(client_as("organiser"), "学习李斌同志事迹")
    assert (
        f"{makeup.held_on:%Y-%m-%d} 黄浦单位一：补课：学习李斌同志事迹（补课，补{missed.held_on:%Y-%m-%d}的活动）"
        in texts
    )
    assert f"{missed.held_on:%Y-%m-%d} 黄浦单位一：学习李斌同志事迹" in texts


def test_the_session_picker_stays_in_scope_and_reads_a_page_in_the_same_queries(
    client_as, tree, missed_and_made_up, django_assert_num_queries
):
    StudySessionFactory(organisation=tree.other, title="徐汇学习李斌同志事迹")
    client = client_as("organiser")
    with CaptureQueriesContext(connection) as two:
        assert len(picked(client, "学习李斌")) == 2
    for n in range(15):
        StudySessionFactory(
            organisation=tree.unit, title=f"补课：学习李斌同志事迹第{n}期", made_up=[]
        )
    with django_assert_num_queries(len(two)):
        texts = picked(client, "学习李斌")
    assert len(texts) == 17
    assert not [text for text in texts if "徐汇" in text]


def test_the_chosen_session_shows_as_the_picker_names_it(client_as, tree, missed_and_made_up):
    missed, makeup = missed_and_made_up
    reflection = ReflectionFactory(organisation=tree.unit, session=makeup)
    page = client_as("organiser").get(
        reverse("admin:campaign_reflection_change", args=[reflection.pk])
    )
    assert f"补{missed.held_on:%Y-%m-%d}的活动" in page.content.decode()


def test_a_near_copy_on_the_same_session_asks_to_be_confirmed_before_it_is_saved(
    client_as, tree, missed_and_made_up
):
    session, _makeup = missed_and_made_up
    ReflectionFactory(
        organisation=tree.unit,
        session=session,
        title="做合格党员",
        author_name="张伟",
        body=ORIGINAL,
    )
    client = client_as("organiser")
    data = reflection_form(tree.unit, session=session, title="对照誓言找差距", body=COPY)

    refused = post_reflection(client, data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "这一活动已有一篇内容几乎相同的心得体会：张伟的《做合格党员》" in page
    assert "仍要提交吗？" in page
    assert re.search(r'<input type="checkbox" name="submit_anyway"[^>]*id="id_submit_anyway"', page)
    assert Reflection.objects.filter(session=session).count() == 1

    confirmed = post_reflection(client, {**data, "submit_anyway": "on"})
    assert confirmed.status_code == 302
    assert Reflection.objects.filter(session=session).count() == 2


def test_a_text_of_its_own_or_on_another_session_is_saved_at_once(
    client_as, tree, missed_and_made_up
):
    session, makeup = missed_and_made_up
    ReflectionFactory(organisation=tree.unit, session=session, body=ORIGINAL)
    client = client_as("organiser")
    own = post_reflection(client, reflection_form(tree.unit, session=session, body=DIFFERENT))
    elsewhere = post_reflection(
        client, reflection_form(tree.unit, session=makeup, title="补课的体会", body=COPY)
    )
    assert (own.status_code, elsewhere.status_code) == (302, 302)
    assert Reflection.objects.count() == 3


def test_the_form_without_a_near_copy_has_no_box_to_tick(client_as, tree):
    page = client_as("organiser").get(reverse("admin:campaign_reflection_add")).content.decode()
    assert '<input type="hidden" name="submit_anyway"' in page
    assert 'type="checkbox" name="submit_anyway"' not in page


def test_the_title_after_a_refused_save_is_in_chinese(client_as, tree):
    refused = post_reflection(client_as("organiser"), reflection_form(tree.unit, body=""))
    assert refused.status_code == 200
    title = re.search(r"<title>(.*?)</title>", refused.content.decode(), re.DOTALL).group(1)
    assert title.startswith("错误：新增心得体会 |"), title
    assert "Error" not in title


def test_the_title_of_a_change_form_refused_names_the_reflection(client_as, tree):
    reflection = ReflectionFactory(organisation=tree.unit, title="学习敬业精神的体会")
    refused = post_reflection(
        client_as("organiser"),
        reflection_form(tree.unit, title="学习敬业精神的体会", body=""),
        reflection=reflection,
    )
    title = re.search(r"<title>(.*?)</title>", refused.content.decode(), re.DOTALL).group(1)
    assert title.startswith("错误：学习敬业精神的体会 | 修改心得体会 |"), title
