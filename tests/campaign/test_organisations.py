"""The organisation tree: its paths and depths, its rules on every layer that holds them, the two
rules of who may place and move a body, and deletion."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Role
from campaign.choices import District, OrganisationKind
from campaign.models import Organisation, StudySession
from tests.factories import (
    OrganisationFactory,
    ReflectionFactory,
    StudySessionFactory,
    UserFactory,
)
from tests.forms import admin_form, codes, form_codes, shows_error_in_row


def test_tree_paths_and_depths(tree):
    assert tree.city.depth == 1
    assert tree.team.depth == 4
    assert (
        tree.team.path == f"{tree.city.path}{tree.huangpu_body.pk}/{tree.unit.pk}/{tree.team.pk}/"
    )
    assert set(Organisation.objects.within(tree.unit)) == {tree.unit, tree.team}


# --- The tree's rules ---------------------------------------------------------------------------


def tree_state() -> dict:
    return {
        pk: (parent, path, depth)
        for pk, parent, path, depth in Organisation.objects.values_list(
            "pk", "parent", "path", "depth"
        )
    }


@pytest.mark.parametrize("new_parent", ["unit", "team"])
def test_placing_a_unit_under_itself_or_its_descendant_fails_validation_on_parent(tree, new_parent):
    unit = Organisation.objects.get(pk=tree.unit.pk)
    unit.parent = getattr(tree, new_parent)

    with pytest.raises(ValidationError) as caught:
        unit.full_clean()

    assert set(caught.value.error_dict) == {"parent"}
    assert caught.value.message_dict["parent"][0]


def test_a_fifth_level_fails_validation_on_parent(tree):
    assert tree.team.depth == 4
    below_team = Organisation(
        code="HP-GH-01-1-A", name="第五级", kind=OrganisationKind.OTHER, district=District.HUANGPU
    )
    below_team.parent = tree.team

    with pytest.raises(ValidationError) as caught:
        below_team.full_clean()

    assert set(caught.value.error_dict) == {"parent"}
    assert caught.value.message_dict["parent"][0]


def test_moving_a_subtree_so_that_its_leaves_reach_a_fifth_level_fails_validation(tree):
    # huangpu_body (2) ─ unit (3) ─ team (4): under xuhui_body the team would be at level 5.
    body = Organisation.objects.get(pk=tree.huangpu_body.pk)
    body.parent = tree.xuhui_body
    body.district = District.XUHUI

    with pytest.raises(ValidationError) as caught:
        body.full_clean()

    assert set(caught.value.error_dict) == {"parent"}


def test_a_unit_in_another_district_than_its_parent_body_fails_validation_on_district(tree):
    unit = Organisation(
        code="HP-GH-03",
        name="黄浦单位三",
        kind=OrganisationKind.UNION_BRANCH,
        district=District.XUHUI,
        parent=tree.huangpu_body,
    )

    with pytest.raises(ValidationError) as caught:
        unit.full_clean()

    assert set(caught.value.error_dict) == {"district"}
    assert caught.value.message_dict["district"][0]

    unit.district = District.HUANGPU
    unit.full_clean()


def test_a_body_directly_under_the_city_may_be_in_any_district(tree):
    Organisation(
        code="MH-GH",
        name="闵行区局（产业）工会",
        kind=OrganisationKind.DISTRICT_UNION,
        district=District.MINHANG,
        parent=tree.city,
    ).full_clean()


@pytest.mark.parametrize("code", ["HP 03", "黄浦03", " HP-03", "-HP-03"])
def test_a_code_with_spaces_or_chinese_fails_validation_on_code(tree, code):
    organisation = OrganisationFactory.build(code=code, parent=tree.huangpu_body)

    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()

    assert set(caught.value.error_dict) == {"code"}
    assert codes(caught.value, "code") == ["invalid"]


@pytest.mark.parametrize("depth", [0, 5])
def test_database_refuses_a_depth_outside_1_to_4(tree, depth):
    rows = Organisation.objects.filter(pk=tree.team.pk)

    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(depth=depth)

    assert rows.get().depth == 4


def test_database_refuses_bulk_creating_a_fifth_level(tree):
    organisation = OrganisationFactory.build(code="HP-GH-01-1-A", parent=tree.team, depth=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.bulk_create([organisation])

    assert not Organisation.objects.filter(code="HP-GH-01-1-A").exists()


def test_moving_a_subtree_updates_path_and_depth_of_every_descendant(tree):
    extra = OrganisationFactory(code="HP-GH-02-1", parent=tree.sibling)  # not moved
    body = Organisation.objects.get(pk=tree.huangpu_body.pk)
    moved = Organisation.objects.filter(path__startswith=body.path).exclude(pk=body.pk)
    depths = dict(moved.values_list("pk", "depth"))
    assert len(depths) == 4  # unit, team, sibling, extra

    body.parent = None
    body.full_clean()
    body.save()

    assert (body.path, body.depth) == (f"/{body.pk}/", 1)
    for organisation in Organisation.objects.filter(pk__in=depths):
        assert organisation.path.startswith(body.path)
        assert organisation.path.endswith(f"/{organisation.pk}/")
        assert organisation.depth == depths[organisation.pk] - 1
        assert organisation.depth == organisation.path.count("/") - 1
        assert organisation.path == f"{organisation.parent.path}{organisation.pk}/"
    extra.refresh_from_db()
    assert extra.path == f"/{body.pk}/{tree.sibling.pk}/{extra.pk}/"
    assert Organisation.objects.get(pk=tree.city.pk).path == tree.city.path


def test_moving_a_unit_to_another_district_leaves_no_descendant_in_the_old_one(tree):
    unit = Organisation.objects.get(pk=tree.unit.pk)
    unit.parent = tree.xuhui_body
    unit.district = District.XUHUI
    unit.full_clean()
    unit.save()

    team = Organisation.objects.get(pk=tree.team.pk)
    assert team.path.startswith(unit.path)
    # The team must not be left in Huangpu under a Xuhui unit: either it moved along or the
    # move was refused.
    team.full_clean()


# --- In the admin ------------------------------------------------------------------------------


def organisation_form(organisation: Organisation, **overrides) -> dict:
    data = {
        "code": organisation.code,
        "name": organisation.name,
        "kind": organisation.kind,
        "district": organisation.district,
        "parent": organisation.parent_id or "",
        "is_active": "on",
        "_save": "1",
    }
    return {**data, **overrides}


def new_unit(tree, **overrides) -> Organisation:
    fields = {
        "code": "HP-GH-03",
        "name": "黄浦单位三",
        "kind": OrganisationKind.UNION_BRANCH,
        "district": District.HUANGPU,
        "parent": tree.huangpu_body,
    }
    return Organisation(**{**fields, **overrides})


def change_organisation(client, organisation, **overrides):
    return client.post(
        reverse("admin:campaign_organisation_change", args=[organisation.pk]),
        organisation_form(organisation, **overrides),
    )


def add_organisation(client, organisation, **overrides):
    return client.post(
        reverse("admin:campaign_organisation_add"), organisation_form(organisation, **overrides)
    )


@pytest.mark.parametrize("new_parent", ["unit", "team"])
def test_admin_refuses_placing_a_unit_under_itself_or_its_descendant_on_parent(
    client_as, tree, new_parent
):
    client = client_as("campaign_admin")
    before = tree_state()

    response = change_organisation(client, tree.unit, parent=getattr(tree, new_parent).pk)

    form = admin_form(response)
    assert set(form.errors) == {"parent"}
    assert shows_error_in_row(response, "parent")
    assert tree_state() == before


def test_admin_refuses_a_fifth_level_on_parent(client_as, tree):
    client = client_as("campaign_admin")
    before = tree_state()

    response = add_organisation(client, new_unit(tree, code="HP-5"), parent=tree.team.pk)

    form = admin_form(response)
    assert set(form.errors) == {"parent"}
    assert shows_error_in_row(response, "parent")
    assert tree_state() == before


def test_admin_refuses_a_unit_in_another_district_than_its_parent_on_district(client_as, tree):
    client = client_as("campaign_admin")
    before = tree_state()

    response = add_organisation(client, new_unit(tree, district=District.XUHUI))

    form = admin_form(response)
    assert set(form.errors) == {"district"}
    assert shows_error_in_row(response, "district")
    assert tree_state() == before


@pytest.mark.parametrize("code", ["HP 03", "黄浦03"])
def test_admin_refuses_a_code_with_spaces_or_chinese_on_code(client_as, tree, code):
    client = client_as("campaign_admin")
    before = tree_state()

    response = add_organisation(client, new_unit(tree, code=code))

    form = admin_form(response)
    assert set(form.errors) == {"code"}
    assert form_codes(form, "code") == ["invalid"]
    assert shows_error_in_row(response, "code")
    assert tree_state() == before


def test_admin_adds_a_unit_under_its_district_body(client_as, tree):
    client = client_as("campaign_admin")
    response = add_organisation(client, new_unit(tree))

    assert response.status_code == 302
    unit = Organisation.objects.get(code="HP-GH-03")
    assert (unit.path, unit.depth) == (f"{tree.huangpu_body.path}{unit.pk}/", 3)


def test_admin_moving_a_unit_moves_its_descendants(client_as, tree):
    client = client_as("campaign_admin")
    response = change_organisation(client, tree.unit, parent=tree.city.pk)

    assert response.status_code == 302
    unit = Organisation.objects.get(pk=tree.unit.pk)
    team = Organisation.objects.get(pk=tree.team.pk)
    assert unit.path == f"{tree.city.path}{unit.pk}/"
    assert unit.depth == 2
    assert team.path.startswith(unit.path)
    assert team.path == f"{unit.path}{team.pk}/"
    assert team.depth == 3


def test_a_unit_moved_to_another_district_takes_its_records_to_that_districts_admin(
    client_as, tree
):
    for unit in (tree.unit, tree.team):
        StudySessionFactory(organisation=unit, title=f"{unit.name}的学习")
        ReflectionFactory(organisation=unit, title=f"{unit.name}的体会")
    xuhui_admin = UserFactory(
        username="xuhui_admin", role=Role.DISTRICT_ADMIN, organisation=tree.xuhui_body
    )

    response = change_organisation(
        client_as("campaign_admin"), tree.unit, parent=tree.xuhui_body.pk, district=District.XUHUI
    )

    assert response.status_code == 302
    moved = {"黄浦单位一的学习", "黄浦单位一班组的学习", "黄浦单位一的体会", "黄浦单位一班组的体会"}
    for user, sees in ((xuhui_admin, moved), (tree.district_admin, set())):
        client = Client()
        client.force_login(user)
        pages = "".join(
            client.get(reverse(f"admin:campaign_{model}_changelist")).content.decode()
            for model in ("studysession", "reflection")
        )
        assert {title for title in moved if title in pages} == sees


# --- Who may place and move a body ------------------------------------------------------------------


def test_district_admin_renames_their_own_body_but_cannot_move_it(client_as, tree):
    client = client_as("district_admin")
    url = reverse("admin:campaign_organisation_change", args=[tree.huangpu_body.pk])

    response = client.post(
        url,
        {
            "code": tree.huangpu_body.code,
            "name": "黄浦区局（产业）工会（新名称）",
            "kind": tree.huangpu_body.kind,
            "parent": tree.xuhui_body.pk,
            "district": 2,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    tree.huangpu_body.refresh_from_db()
    assert tree.huangpu_body.name == "黄浦区局（产业）工会（新名称）"
    assert tree.huangpu_body.parent == tree.city
    assert tree.huangpu_body.district == 1


def test_only_a_campaign_admin_adds_a_top_level_body_in_the_admin(client_as, tree):
    before = tree_state()

    response = add_organisation(
        client_as("district_admin"), new_unit(tree, code="HP-TOP"), parent=""
    )

    form = admin_form(response)
    assert set(form.errors) == {"parent"}
    assert "只有活动管理员可以新增顶级单位" in " ".join(form.errors["parent"])
    assert shows_error_in_row(response, "parent")
    assert tree_state() == before

    response = add_organisation(
        client_as("campaign_admin"), new_unit(tree, code="HP-TOP"), parent=""
    )

    assert response.status_code == 302
    assert Organisation.objects.get(code="HP-TOP").depth == 1


def test_a_district_admin_moves_units_within_their_district(client_as, tree):
    """The move rule is about a body whose parent is out of reach, not about every unit."""
    client = client_as("district_admin")

    response = change_organisation(client, tree.team, parent=tree.sibling.pk)

    assert response.status_code == 302
    team = Organisation.objects.get(pk=tree.team.pk)
    assert (team.parent, team.path) == (tree.sibling, f"{tree.sibling.path}{team.pk}/")


# --- Deleting ------------------------------------------------------------------------------------


def test_deleting_an_organisation_with_sessions_is_refused(tree):
    session = StudySessionFactory(organisation=tree.sibling)

    with pytest.raises(ProtectedError) as caught:
        Organisation.objects.get(pk=tree.sibling.pk).delete()

    assert session in caught.value.protected_objects
    assert Organisation.objects.filter(pk=tree.sibling.pk).exists()
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_an_organisation_without_sessions_or_units_can_be_deleted(tree):
    Organisation.objects.get(pk=tree.sibling.pk).delete()

    assert not Organisation.objects.filter(pk=tree.sibling.pk).exists()


def test_admin_says_an_organisation_with_sessions_cannot_be_deleted_and_keeps_it(client_as, tree):
    client = client_as("campaign_admin")
    session = StudySessionFactory(organisation=tree.sibling)
    url = reverse("admin:campaign_organisation_delete", args=[tree.sibling.pk])

    page = client.get(url)
    posted = client.post(url, {"post": "yes"})

    for response in (page, posted):
        assert response.status_code == 200
        assert response.context["protected"]
        with translation.override("zh-hans"):
            title = gettext("Cannot delete %(name)s") % {"name": Organisation._meta.verbose_name}
        assert response.context["title"] == title
        assert str(session) in response.content.decode()
        assert 'id="deleted-objects"' in response.content.decode()
    assert Organisation.objects.filter(pk=tree.sibling.pk).exists()
    assert StudySession.objects.filter(pk=session.pk).exists()
