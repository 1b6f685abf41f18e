"""Lists, pickers and bulk actions hold exactly what the user may see: changelists, the organisation
and session pickers, bulk delete and review; and a changelist's query count does not grow."""

import pytest
from django.urls import reverse

from campaign.choices import ReflectionStatus
from campaign.models import StudySession
from documents.models import LearningPoint
from tests.campaign.matrix import (
    ORGANISATION_CHOICES,
    PERMISSION_MATRIX,
    TARGETS,
    assert_refused,
    reachable_targets,
)
from tests.factories import OrganisationFactory, ReflectionFactory, StudySessionFactory


@pytest.mark.parametrize(
    ("factory", "changelist", "suffix"),
    [
        (StudySessionFactory, "admin:campaign_studysession_changelist", "的活动"),
        (ReflectionFactory, "admin:campaign_reflection_changelist", "的心得"),
    ],
    ids=["sessions", "reflections"],
)
@pytest.mark.parametrize("role", PERMISSION_MATRIX)
def test_changelist_shows_exactly_the_rows_in_scope(
    client_as, tree, role, factory, changelist, suffix
):
    for target in TARGETS:
        factory(organisation=getattr(tree, target), title=f"{target}{suffix}")
    user = getattr(tree, role)
    client = client_as(role)

    response = client.get(reverse(changelist))

    if ORGANISATION_CHOICES[role] is None:
        assert_refused(response, user)
        return
    assert response.status_code == 200
    listed = {row.title for row in response.context["cl"].result_list}
    assert listed == {f"{target}{suffix}" for target in reachable_targets(role)}
    html = response.content.decode()
    for target in set(TARGETS) - reachable_targets(role):
        assert f"{target}{suffix}" not in html


@pytest.mark.parametrize("role", PERMISSION_MATRIX)
def test_organisation_autocomplete_offers_only_organisations_in_scope(client_as, tree, role):
    user = getattr(tree, role)
    client = client_as(role)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "campaign",
            "model_name": "studysession",
            "field_name": "organisation",
            "term": "",
        },
    )

    if ORGANISATION_CHOICES[role] is None:
        assert_refused(response, user)
        return
    assert response.status_code == 200
    offered = {int(result["id"]) for result in response.json()["results"]}
    assert offered == {getattr(tree, name).pk for name in ORGANISATION_CHOICES[role]}


@pytest.mark.parametrize("model_name", ["studysession", "reflection"])
@pytest.mark.parametrize("role", PERMISSION_MATRIX)
def test_organisation_field_of_the_add_form_offers_only_organisations_in_scope(
    client_as, tree, role, model_name
):
    user = getattr(tree, role)
    client = client_as(role)

    response = client.get(reverse(f"admin:campaign_{model_name}_add"))

    if ORGANISATION_CHOICES[role] is None:
        assert_refused(response, user)
        return
    queryset = response.context["adminform"].form.fields["organisation"].queryset
    assert set(queryset) == {getattr(tree, name) for name in ORGANISATION_CHOICES[role]}


def test_session_autocomplete_of_a_reflection_offers_only_sessions_in_scope(client_as, tree):
    own = StudySessionFactory(organisation=tree.team)
    StudySessionFactory(organisation=tree.sibling)
    StudySessionFactory(organisation=tree.other)
    client = client_as("organiser")

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "campaign", "model_name": "reflection", "field_name": "session", "term": ""},
    )

    assert response.status_code == 200
    assert [int(result["id"]) for result in response.json()["results"]] == [own.pk]


def test_organiser_bulk_delete_skips_another_units_session(client_as, tree):
    own = StudySessionFactory(organisation=tree.unit)
    foreign = StudySessionFactory(organisation=tree.sibling)
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_studysession_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, foreign.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not StudySession.objects.filter(pk=own.pk).exists()  # the action did run
    assert StudySession.objects.filter(pk=foreign.pk).exists()


def test_district_admin_cannot_approve_another_districts_reflection(client_as, tree):
    own = ReflectionFactory(organisation=tree.sibling)
    foreign = ReflectionFactory(organisation=tree.other)
    client = client_as("district_admin")

    client.post(
        reverse("admin:campaign_reflection_changelist"),
        {"action": "approve", "_selected_action": [own.pk, foreign.pk], "index": "0"},
    )

    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.status == ReflectionStatus.APPROVED  # the action did run
    assert foreign.status == ReflectionStatus.SUBMITTED
    assert foreign.reviewed_by is None


# The campaign admin's session changelist, whatever the number of rows on the page (its filters
# by campaign and by point read the published campaigns and their points: one query each).
CHANGELIST_QUERY_BOUND = 12


@pytest.mark.parametrize("rows", [5, 30])
def test_session_changelist_query_count_does_not_grow_with_rows(
    client_as, tree, rows, django_assert_max_num_queries
):
    points = list(LearningPoint.objects.all())
    recorders = [tree.campaign_admin, tree.district_admin, tree.organiser]
    for n in range(rows):
        parent = tree.huangpu_body if n % 2 else tree.xuhui_body
        StudySessionFactory(
            organisation=OrganisationFactory(parent=parent),
            points=points[: 2 + n % 3],
            recorded_by=recorders[n % 3],
        )
    client = client_as("campaign_admin")

    with django_assert_max_num_queries(CHANGELIST_QUERY_BOUND):
        response = client.get(reverse("admin:campaign_studysession_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows
