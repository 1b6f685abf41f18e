"""A reflection's rules (its length, its session, the reason for a return) on every layer that
holds them, and its review: who may review, and what an edit by an organiser does to it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from campaign.choices import ReflectionStatus
from campaign.models import Reflection
from campaign.services import reflection_review
from documents.models import Paragraph
from tests.campaign.entries import (
    chinese,
    padded,
    post_reflection,
    reflection_form,
    unsaved_reflection,
)
from tests.factories import ReflectionFactory, StudySessionFactory
from tests.forms import admin_form, codes, form_codes, form_errors, shows_error_in_row

# --- Its text --------------------------------------------------------------------------------


def test_a_reflection_of_199_characters_fails_validation_on_body(tree, point):
    reflection = unsaved_reflection(tree, point, body=chinese(199))

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert set(caught.value.error_dict) == {"body"}
    assert codes(caught.value, "body") == ["too_short"]


def test_spaces_and_newlines_do_not_count_towards_the_reflection_minimum(tree, point):
    body = padded(chinese(199))
    assert len(body) > 400
    reflection = unsaved_reflection(tree, point, body=body)

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert codes(caught.value, "body") == ["too_short"]
    assert caught.value.error_dict["body"][0].params == {"minimum": 200, "count": 199}


@pytest.mark.parametrize("body", [chinese(200), padded(chinese(200))], ids=["plain", "padded"])
def test_a_reflection_of_exactly_200_characters_passes_validation(tree, point, body):
    unsaved_reflection(tree, point, body=body).full_clean()


def test_admin_refuses_a_padded_reflection_of_199_characters_on_body(client_as, tree, point):
    client = client_as("organiser")
    response = post_reflection(client, reflection_form(tree.unit, body=padded(chinese(199))))

    form = admin_form(response)
    assert set(form.errors) == {"body"}
    assert form_codes(form, "body") == ["too_short"]
    assert str(form.errors["body"][0])
    assert shows_error_in_row(response, "body")
    assert not Reflection.objects.exists()


def test_admin_saves_a_padded_reflection_of_exactly_200_characters(client_as, tree, point):
    client = client_as("organiser")
    response = post_reflection(client, reflection_form(tree.unit, body=padded(chinese(200))))

    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert "".join(reflection.body.split()) == chinese(200)
    assert reflection.recorded_by == tree.organiser


# --- Its session ------------------------------------------------------------------------------


def test_a_reflection_on_another_organisations_session_fails_validation_on_session(tree, point):
    session = StudySessionFactory(organisation=tree.other)
    reflection = unsaved_reflection(tree, point, organisation=tree.unit, session=session)

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert set(caught.value.error_dict) == {"session"}
    assert caught.value.message_dict["session"][0]


def test_a_reflection_on_its_own_organisations_session_passes_validation(tree, point):
    session = StudySessionFactory(organisation=tree.unit)

    unsaved_reflection(tree, point, organisation=tree.unit, session=session).full_clean()


def test_admin_refuses_a_reflection_on_another_units_session_on_session(client_as, tree, point):
    client = client_as("organiser")
    # The team is within the organiser's reach, so this is a mistake, not tampering.
    session = StudySessionFactory(organisation=tree.team)

    response = post_reflection(
        client,
        reflection_form(tree.unit, session=session),
    )

    form = admin_form(response)
    assert set(form.errors) == {"session"}
    assert str(form.errors["session"][0])
    assert shows_error_in_row(response, "session")
    assert not Reflection.objects.exists()


# --- Returning it needs a reason ------------------------------------------------------------------


@pytest.fixture
def submitted(tree):
    return [ReflectionFactory(organisation=tree.unit), ReflectionFactory(organisation=tree.sibling)]


def review_state(reflections) -> list:
    return list(
        Reflection.objects.filter(pk__in=[r.pk for r in reflections])
        .order_by("pk")
        .values_list("status", "return_reason", "reviewed_by", "reviewed_at")
    )


@pytest.mark.parametrize("reason", ["", "  ", "\n\t　"])
def test_reflection_review_refuses_to_return_without_a_reason_and_changes_nothing(
    tree, submitted, reason
):
    before = (review_state(submitted), Reflection.history.count())

    with pytest.raises(ValidationError) as caught:
        reflection_review(
            reflections=Reflection.objects.all(),
            status=ReflectionStatus.RETURNED,
            by=tree.district_admin,
            reason=reason,
        )

    assert set(caught.value.error_dict) == {"return_reason"}
    assert caught.value.message_dict["return_reason"][0]
    assert (review_state(submitted), Reflection.history.count()) == before


def test_reflection_review_returns_with_the_reason_given(tree, submitted):
    count = reflection_review(
        reflections=Reflection.objects.all(),
        status=ReflectionStatus.RETURNED,
        by=tree.district_admin,
        reason="  请补充学习体会的具体事例。 ",
    )

    assert count == 2
    assert {(status, reason) for status, reason, *_ in review_state(submitted)} == {
        (ReflectionStatus.RETURNED, "请补充学习体会的具体事例。")
    }


def test_a_returned_reflection_without_a_reason_fails_validation_on_return_reason(tree, point):
    reflection = unsaved_reflection(
        tree, point, status=ReflectionStatus.RETURNED, return_reason=" \n "
    )

    with pytest.raises(ValidationError) as caught:
        reflection.full_clean()

    assert set(caught.value.error_dict) == {"return_reason"}
    assert caught.value.message_dict["return_reason"][0]


def test_database_refuses_a_returned_reflection_without_a_reason(tree, submitted):
    rows = Reflection.objects.filter(pk=submitted[0].pk)

    rows.update(status=ReflectionStatus.RETURNED, return_reason="理由")  # with a reason: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(return_reason="")

    assert rows.get().return_reason == "理由"


def test_database_refuses_bulk_creating_a_returned_reflection_without_a_reason(tree, point):
    reflection = unsaved_reflection(tree, point, status=ReflectionStatus.RETURNED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.bulk_create([reflection])

    assert not Reflection.objects.exists()


def return_action(client, reflections, reason=None):
    data = {
        "action": "return_with_reason",
        "_selected_action": [str(r.pk) for r in reflections],
    }
    if reason is not None:
        data.update({"apply": "1", "reason": reason})
    return client.post(reverse("admin:campaign_reflection_changelist"), data)


@pytest.mark.parametrize("reason", ["", "   "])
def test_admin_return_action_without_a_reason_shows_the_form_again_and_changes_nothing(
    client_as, tree, submitted, reason
):
    client = client_as("district_admin")
    before = (review_state(submitted), Reflection.history.count())

    response = return_action(client, submitted, reason)

    assert response.status_code == 200
    form = response.context["form"]
    assert form_codes(form, "reason") == ["required"]
    assert str(form.errors["reason"][0])
    assert '<ul class="errorlist"' in response.content.decode()
    assert (review_state(submitted), Reflection.history.count()) == before


def test_admin_return_action_first_asks_for_the_reason(client_as, tree, submitted):
    client = client_as("district_admin")
    before = review_state(submitted)

    response = return_action(client, submitted)

    assert response.status_code == 200
    assert not response.context["form"].is_bound
    assert review_state(submitted) == before


def test_admin_return_action_with_a_reason_returns_the_reflections(client_as, tree, submitted):
    client = client_as("district_admin")

    response = return_action(client, submitted, "请结合本职工作谈体会。")

    assert response.status_code == 302
    assert [row[:3] for row in review_state(submitted)] == [
        (ReflectionStatus.RETURNED, "请结合本职工作谈体会。", tree.district_admin.pk)
    ] * 2


def test_admin_change_form_refuses_returned_status_without_a_reason_on_return_reason(
    client_as, tree, submitted, point
):
    client = client_as("district_admin")
    reflection = submitted[0]
    before = review_state([reflection])
    data = reflection_form(
        tree.unit,
        body=reflection.body,
        title=reflection.title,
        status=ReflectionStatus.RETURNED,
        return_reason="  ",
    )

    response = client.post(reverse("admin:campaign_reflection_change", args=[reflection.pk]), data)

    form = admin_form(response)
    assert set(form.errors) == {"return_reason"}
    assert str(form.errors["return_reason"][0])
    assert shows_error_in_row(response, "return_reason")
    assert review_state([reflection]) == before


# --- Who reviews, and what an edit does ------------------------------------------------------------


def review_actions(client) -> set[str]:
    response = client.get(reverse("admin:campaign_reflection_changelist"))
    assert response.status_code == 200
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def approve(client, *reflections) -> HttpResponse:
    return client.post(
        reverse("admin:campaign_reflection_changelist"),
        {
            "action": "approve",
            "_selected_action": [reflection.pk for reflection in reflections],
            "index": "0",
        },
    )


def test_review_actions_are_offered_to_reviewers_only(client_as, tree):
    client = client_as("district_admin")
    assert {"approve", "feature", "return_with_reason"} <= review_actions(client)

    client = client_as("organiser")
    assert review_actions(client).isdisjoint({"approve", "feature", "return_with_reason"})


def test_organiser_cannot_approve_by_posting_the_action(client_as, tree):
    reflection = ReflectionFactory(organisation=tree.unit)
    client = client_as("organiser")

    approve(client, reflection)

    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.SUBMITTED
    assert reflection.reviewed_by is None


def test_organiser_cannot_approve_through_the_change_form(client_as, tree):
    reflection = ReflectionFactory(organisation=tree.unit)
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_reflection_change", args=[reflection.pk]),
        {**reflection_form(tree.unit, title="改了标题"), "status": ReflectionStatus.APPROVED},
    )

    assert response.status_code == 302, form_errors(response)
    reflection.refresh_from_db()
    assert reflection.title == "改了标题"  # the save went through, without the status
    assert reflection.status == ReflectionStatus.SUBMITTED
    assert reflection.reviewed_by is None


def test_district_admin_approves_a_reflection_of_their_district(client_as, tree):
    reflection = ReflectionFactory(organisation=tree.team)
    client = client_as("district_admin")

    response = approve(client, reflection)

    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.APPROVED
    assert reflection.reviewed_by == tree.district_admin
    assert reflection.reviewed_at is not None


def test_an_organisers_edit_sends_a_reviewed_reflection_back_for_review(client_as, tree):
    reflection = ReflectionFactory(
        organisation=tree.unit, status="returned", return_reason="请再具体一些。"
    )
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_reflection_change", args=[reflection.pk]),
        {
            "organisation": tree.unit.pk,
            "point": reflection.point_id,
            "title": "修改后的心得体会",
            "body": reflection.body,
            "author_name": reflection.author_name,
            "author_position": "",
        },
    )

    assert response.status_code == 302
    reflection.refresh_from_db()
    assert (reflection.title, reflection.status) == ("修改后的心得体会", "submitted")


def test_a_returned_reflection_shows_its_reason_at_the_top_until_it_is_resubmitted(client_as, tree):
    reflection = ReflectionFactory(organisation=tree.unit, title="待修改的体会")
    reflection.set_review(
        status="returned",
        reason="请结合本职工作谈体会。",
        by=tree.district_admin,
        at=timezone.now(),
    )
    reflection.save()
    client = client_as("organiser")
    url = reverse("admin:campaign_reflection_change", args=[reflection.pk])

    html = client.get(url).content.decode()
    client.post(
        url,
        {
            "organisation": tree.unit.pk,
            "point": reflection.point_id,
            "title": "修改后的体会",
            "body": reflection.body,
            "author_name": reflection.author_name,
            "author_position": "",
        },
    )
    after = client.get(url).content.decode()

    top = html.index('class="errornote returned-reason"')
    assert top < html.index('name="title"')
    assert "请结合本职工作谈体会。" in html[top : top + 500]
    assert str(tree.district_admin) in html[top : top + 500]
    assert "returned-reason" not in after and "请结合本职工作谈体会。" not in after
    reflection.refresh_from_db()
    assert (reflection.status, reflection.return_reason, reflection.reviewed_by) == (
        "submitted",
        "",
        None,
    )
    assert reflection.history.filter(return_reason="请结合本职工作谈体会。").exists()


def test_the_quoted_paragraph_is_picked_by_its_opening_words_grouped_by_point(client_as, tree):
    client = client_as("organiser")
    html = client.get(reverse("admin:campaign_reflection_add")).content.decode()

    assert '<optgroup label="1. 政治品格">' in html
    assert "§4 一是要学习李斌同志信念坚定、爱党爱国的政治品格。…" in html
    assert '<optgroup label="其他段落">' in html
    assert "§1 李斌同志是我国工人阶级的杰出代表、新时代知识工人…" in html


def test_a_reflection_saves_the_paragraph_picked(client_as, tree):
    paragraph = Paragraph.objects.get(number=2)
    data = reflection_form(tree.unit, title="读第二段", quoted_paragraph=paragraph.pk)
    response = post_reflection(client_as("organiser"), data)
    assert response.status_code == 302
    assert Reflection.objects.get(title="读第二段").quoted_paragraph == paragraph
