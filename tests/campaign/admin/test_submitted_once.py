"""An add form saves once: a double click on 保存, a reload or a retry finds the first save."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from campaign.models import Reflection, StudySession
from tests.campaign.entries import post_reflection, post_session, reflection_form, session_form
from tests.clicks import at_the_same_moment


def token_of(client, model: str) -> str:
    """The one-time token of a fresh add form, as the browser would post it back."""
    html = client.get(reverse(f"admin:campaign_{model}_add")).content.decode()
    return re.search(r'name="submission" value="([0-9a-f-]+)"', html).group(1)


def test_a_second_submit_of_an_add_form_saves_nothing_and_says_so(client_as, tree):
    client = client_as("organiser")
    data = {
        **session_form(tree.unit, title="双击保存的活动"),
        "submission": token_of(client, "studysession"),
    }

    first = post_session(client, data)
    second = post_session(client, data)

    session = StudySession.objects.get(title="双击保存的活动")
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("admin:campaign_studysession_change", args=[session.pk])
    assert "这份表单已经保存过，没有再保存一次" in client.get(second["Location"]).content.decode()
    assert StudySession.history.filter(title="双击保存的活动").count() == 1


def test_a_refused_form_keeps_its_token_and_saves_once_corrected(client_as, tree):
    client = client_as("organiser")
    token = token_of(client, "studysession")
    bad = {
        **session_form(tree.unit, title="改正后保存", participants="3", party_members="8"),
        "submission": token,
    }

    refused = post_session(client, bad)
    corrected = post_session(client, {**bad, "participants": "10"})
    again = post_session(client, {**bad, "participants": "10"})

    assert refused.status_code == 200
    assert f'name="submission" value="{token}"' in refused.content.decode()
    assert corrected.status_code == again.status_code == 302
    assert StudySession.objects.filter(title="改正后保存").count() == 1


def test_every_new_form_has_its_own_token(client_as, tree):
    client = client_as("organiser")
    for title in ("第一次活动", "第二次活动"):
        post_session(
            client,
            {
                **session_form(tree.unit, title=title),
                "submission": token_of(client, "studysession"),
            },
        )

    assert StudySession.objects.filter(title__in=["第一次活动", "第二次活动"]).count() == 2


def test_a_reflection_submitted_twice_is_saved_once(client_as, tree):
    client = client_as("organiser")
    data = {
        **reflection_form(tree.unit, title="只保存一次的体会"),
        "submission": token_of(client, "reflection"),
    }

    post_reflection(client, data)
    post_reflection(client, data)

    assert Reflection.objects.filter(title="只保存一次的体会").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_save_one_session(tree):
    opener = Client()
    opener.force_login(tree.organiser)
    data = {
        **session_form(tree.unit, title="同时两次点击"),
        "submission": token_of(opener, "studysession"),
    }
    answers = at_the_same_moment(tree.organiser, lambda client: post_session(client, data))

    assert answers == [302, 302]
    assert StudySession.objects.filter(title="同时两次点击").count() == 1
