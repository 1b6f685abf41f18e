"""The change history of sessions and reflections: one row per save, showing what the user chose
(the learning points included, the flags derived from them left out), by whom; and read only."""

import re
from html import unescape

from django.urls import reverse

from campaign import services
from campaign.choices import ReflectionStatus
from campaign.models import Reflection, StudySession
from tests.campaign.entries import post_session, session_form
from tests.campaign.exchange.spreadsheets import csv_file, import_file, session_header, session_row
from tests.factories import ReflectionFactory, StudySessionFactory


def html_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ")


def versions(session: StudySession) -> list[tuple]:
    """Each history row of the session, oldest first: type, title, point numbers, user."""
    PointsHistory = StudySession.history.model.points.model
    return [
        (
            row.history_type,
            row.title,
            sorted(
                PointsHistory.objects.filter(history=row).values_list(
                    "learningpoint__number", flat=True
                )
            ),
            row.history_user,
        )
        for row in session.history.order_by("history_date", "history_id")
    ]


def test_a_sessions_history_shows_the_points_chosen_at_each_save(client_as, tree):
    client = client_as("organiser")
    post_session(client, session_form(tree.unit, title="专题学习", points=(1, 3)))
    session = StudySession.objects.get()

    post_session(client, session_form(tree.unit, title="专题学习（补记）", points=(2,)), session)
    post_session(client, session_form(tree.unit, title="专题学习（补记）", points=(2, 4)), session)

    assert versions(session) == [
        ("+", "专题学习", [1, 3], tree.organiser),
        ("~", "专题学习（补记）", [2], tree.organiser),
        ("~", "专题学习（补记）", [2, 4], tree.organiser),
    ]


def test_the_history_page_shows_one_entry_per_save_with_the_points_changed(client_as, tree):
    client = client_as("organiser")
    post_session(client, session_form(tree.unit, points=(1,)))
    session = StudySession.objects.get()
    post_session(client, session_form(tree.unit, points=(1, 2)), session)

    response = client.get(reverse("admin:campaign_studysession_history", args=[session.pk]))

    assert response.status_code == 200
    newest, first = response.context["page_obj"].object_list
    assert (newest.history_type, first.history_type) == ("~", "+")
    assert [(str(c["field"]), c["old"], c["new"]) for c in newest.history_delta_changes] == [
        ("学习要点", "[1. 政治品格]", "[1. 政治品格, 2. 担当情怀]")
    ]


def test_an_imported_session_has_one_history_row_with_its_points(client_as, tree):
    client = client_as("district_admin")

    import_file(client, "studysession", csv_file([session_header(), session_row(points="1、3")]))

    (session,) = StudySession.objects.all()
    assert versions(session) == [("+", session.title, [1, 3], tree.district_admin)]


def test_the_derived_fields_are_not_in_the_history():
    recorded = {field.name for field in StudySession.history.model._meta.fields}

    assert not recorded & {"district", "absentee_count", "made_up_count"}
    assert {"title", "participants", "held_on"} <= recorded


def test_organiser_cannot_overwrite_a_session_moved_out_of_scope_through_its_old_version(
    client_as, tree
):
    session = StudySessionFactory(organisation=tree.unit, title="原属本单位")
    old_version = session.history.latest("history_date").history_id
    session.organisation = tree.other  # the campaign moves it to a unit in 徐汇
    session.title = "已移交徐汇"
    session.save()
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_studysession_simple_history", args=[session.pk, old_version]),
        session_form(tree.unit, title="被改回"),
    )

    session.refresh_from_db()
    assert (session.organisation, session.title) == (tree.other, "已移交徐汇")
    assert response.status_code in (403, 404)


def test_the_history_page_says_each_change_in_words_not_stored_values(client_as, tree):
    reflection = ReflectionFactory(organisation=tree.unit, recorded_by=tree.organiser)
    services.reflection_review(
        reflections=Reflection.objects.filter(pk=reflection.pk),
        status=ReflectionStatus.RETURNED,
        by=tree.district_admin,
        reason="请补充本单位的做法。",
    )
    reflection.refresh_from_db()
    reflection.title += "（修改稿）"
    services.reflection_save(reflection, by=tree.organiser, changed=["title"])

    response = client_as("district_admin").get(
        reverse("admin:campaign_reflection_history", args=[reflection.pk])
    )

    changes = [
        " ".join(html_text(item).split())
        for item in re.findall(r"<li>(.*?)</li>", response.content.decode(), re.DOTALL)
    ]
    assert "状态： 已退回 → 已提交" in changes
    assert "退回原因： — → 请补充本单位的做法。" in changes
    html = response.content.decode()
    assert not re.search(r"\b(None|returned|submitted|True|False|Changes)\b", html)
