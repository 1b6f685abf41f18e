"""Dates in the backend as 2026-12-06, shown and typed, whichever language the user chose
(issue 21): the session's form offers its date so, the list shows it so, and the form takes it
so (and as 2026/12/06 or 2026年12月6日 too)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from campaign.models import StudySession
from tests.campaign.entries import days_ago, post_session, session_form
from tests.factories import StudySessionFactory

LANGUAGES = ["zh-hans", "en"]


@pytest.fixture
def in_language(client):
    def choose(language: str):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return choose


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_session_form_and_list_show_the_date_as_2026_12_06(
    client_as, tree, in_language, language
):
    session = StudySessionFactory(organisation=tree.unit, held_on=days_ago(3), title="专题学习")
    client_as("organiser")
    client = in_language(language)
    iso = f"{session.held_on:%Y-%m-%d}"

    form = client.get(reverse("admin:campaign_studysession_change", args=[session.pk]))
    box = re.search(r'<input type="text" name="held_on"[^>]*>', form.content.decode()).group(0)
    assert f'value="{iso}"' in box
    assert 'placeholder="2026-12-06"' in box

    listed = client.get(reverse("admin:campaign_studysession_changelist")).content.decode()
    cell = re.search(r'<td class="field-held_on[^"]*">(.*?)</td>', listed).group(1)
    assert cell == iso


# 2026-12-06 and 2026/12/06 in either language; 2026年12月6日 where the interface is Chinese.
TYPED = [
    *((language, typed) for language in LANGUAGES for typed in ("{d:%Y-%m-%d}", "{d:%Y/%m/%d}")),
    ("zh-hans", "{d.year}年{d.month}月{d.day}日"),
]


@pytest.mark.parametrize(("language", "typed"), TYPED)
def test_the_session_form_takes_the_date_as_typed(client_as, tree, in_language, language, typed):
    day = days_ago(12)
    client_as("organiser")
    data = session_form(tree.unit, title="按日期录入", held_on=typed.format(d=day))
    response = post_session(in_language(language), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert StudySession.objects.get(title="按日期录入").held_on == day


def test_a_made_up_date_is_refused_in_chinese(client_as, tree):
    data = session_form(tree.unit, title="日期写错", held_on="2026-13-45")
    response = post_session(client_as("organiser"), data)
    assert response.status_code == 200
    assert "输入一个有效的日期" in response.content.decode()
    assert not StudySession.objects.filter(title="日期写错").exists()
