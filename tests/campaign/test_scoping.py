"""Who may do what, where: the admin's scope rules tested from the outside, through HTTP.

The permission matrix (`matrix.py`) is data: one row per role, one column per target organisation
of the `tree` fixture. Every cell becomes eight requests (view, add, change, delete × study session,
reflection) whose outcome is checked in the database, not only in the status code. The other
tests try what a curious or malicious user would: foreign ids in a POST, edited URLs, downloads,
and the agreement of the Python and SQL forms of the scope rule (lists, pickers and bulk actions
are in `test_scoped_lists`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpResponse
from django.urls import reverse

from accounts.models import Role
from campaign.models import Organisation, Reflection, StudySession
from campaign.querysets import reaches
from tests.campaign.entries import attachment_of, reflection_form, session_form
from tests.campaign.matrix import (
    ACTIONS,
    ALLOWED,
    PERMISSION_MATRIX,
    TARGETS,
    assert_refused,
    outcome,
    reachable_targets,
)
from tests.factories import (
    OrganisationFactory,
    ReflectionFactory,
    StudySessionFactory,
    UserFactory,
)
from tests.forms import form_errors
from tests.samples import PNG

# --- Requests and their effect --------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A scoped model as the admin shows it."""

    label: str
    model: type[Model]
    make: Callable[[Organisation], Model]
    form: Callable[[Organisation, str], dict]

    @property
    def admin_name(self) -> str:
        return self.model._meta.model_name

    def url(self, view: str, *args) -> str:
        return reverse(f"admin:campaign_{self.admin_name}_{view}", args=args)


KINDS = {
    "session": Kind(
        "session",
        StudySession,
        lambda organisation: StudySessionFactory(organisation=organisation),
        session_form,
    ),
    "reflection": Kind(
        "reflection",
        Reflection,
        lambda organisation: ReflectionFactory(organisation=organisation),
        reflection_form,
    ),
}


@dataclass
class Effect:
    """A request's answer and what it did: `happened` if the action took effect in full,
    `untouched` if the database shows no trace of it."""

    response: HttpResponse
    happened: bool
    untouched: bool


def do_view(client, kind: Kind, organisation: Organisation) -> Effect:
    record = kind.make(organisation)
    response = client.get(kind.url("change", record.pk))
    shown = response.status_code == 200 and record.title in response.content.decode()
    return Effect(response, happened=shown, untouched=not shown)


def do_add(client, kind: Kind, organisation: Organisation) -> Effect:
    title = f"新增{kind.label}"
    before = kind.model.objects.count()
    response = client.post(kind.url("add"), kind.form(organisation, title=title))
    created = kind.model.objects.filter(title=title, organisation=organisation).exists()
    after = kind.model.objects.count()
    return Effect(
        response,
        happened=created and after == before + 1,
        untouched=not created and after == before,
    )


def do_change(client, kind: Kind, organisation: Organisation) -> Effect:
    record = kind.make(organisation)
    original = kind.model.objects.filter(pk=record.pk).values().get()
    response = client.post(
        kind.url("change", record.pk), kind.form(organisation, title="已修改的标题")
    )
    now = kind.model.objects.filter(pk=record.pk).values().get()
    return Effect(
        response,
        happened=now["title"] == "已修改的标题" and now["organisation_id"] == organisation.pk,
        untouched=now == original,
    )


def do_delete(client, kind: Kind, organisation: Organisation) -> Effect:
    record = kind.make(organisation)
    before = kind.model.objects.count()
    response = client.post(kind.url("delete", record.pk), {"post": "yes"})
    exists = kind.model.objects.filter(pk=record.pk).exists()
    after = kind.model.objects.count()
    return Effect(
        response,
        happened=not exists and after == before - 1,
        untouched=exists and after == before,
    )


DO = {"view": do_view, "add": do_add, "change": do_change, "delete": do_delete}


# What a successful request answers: the page, or the admin's redirect after a save.
SUCCESS_STATUS = {"view": 200, "add": 302, "change": 302, "delete": 302}


# --- The matrix ------------------------------------------------------------------------------


def matrix_cases():
    for role in PERMISSION_MATRIX:
        for label in KINDS:
            for action in ACTIONS:
                for target in TARGETS:
                    expected = outcome(role, action, target)
                    verb = "can" if expected == ALLOWED else "cannot"
                    yield pytest.param(
                        role,
                        label,
                        action,
                        target,
                        expected,
                        id=f"{role}-{verb}-{action}-{label}-of-{target}",
                    )


MATRIX_CASES = list(matrix_cases())


@pytest.mark.parametrize(("role", "label", "action", "target", "expected"), MATRIX_CASES)
def test_permission_matrix(client_as, tree, role, label, action, target, expected):
    user = getattr(tree, role)
    client = client_as(role)

    effect = DO[action](client, KINDS[label], getattr(tree, target))

    if expected == ALLOWED:
        assert effect.response.status_code == SUCCESS_STATUS[action], form_errors(effect.response)
        assert effect.happened
    else:
        assert_refused(effect.response, user)
        assert effect.untouched


def test_matrix_covers_every_role_target_action_and_model():
    assert set(PERMISSION_MATRIX) == set(Role) - {Role.ORGANISER} | {"organiser", "outsider"}
    assert len(MATRIX_CASES) == len(PERMISSION_MATRIX) * len(TARGETS) * len(ACTIONS) * len(KINDS)


# --- Crafted POSTs: a real id from outside the scope is refused with 403 ---------------------


def test_organiser_cannot_add_a_session_for_another_unit_by_posting_its_id(client_as, tree):
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_studysession_add"), session_form(tree.other, title="冒名活动")
    )

    assert response.status_code == 403
    assert not StudySession.objects.exists()


def test_organiser_cannot_move_own_session_to_another_unit(client_as, tree):
    session = StudySessionFactory(organisation=tree.unit, title="本单位活动")
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_studysession_change", args=[session.pk]),
        session_form(tree.other, title="改到外单位"),
    )

    assert response.status_code == 403
    session.refresh_from_db()
    assert (session.organisation, session.title) == (tree.unit, "本单位活动")


def test_organiser_cannot_add_a_reflection_on_another_units_session(client_as, tree):
    foreign = StudySessionFactory(organisation=tree.other)
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_reflection_add"),
        reflection_form(tree.unit, title="挂到外单位活动", session=foreign),
    )

    assert response.status_code == 403
    assert not Reflection.objects.exists()


def test_organiser_cannot_attach_own_reflection_to_another_units_session(client_as, tree):
    own_session = StudySessionFactory(organisation=tree.unit)
    foreign = StudySessionFactory(organisation=tree.sibling)
    reflection = ReflectionFactory(organisation=tree.unit, session=own_session, title="原标题")
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_reflection_change", args=[reflection.pk]),
        reflection_form(tree.unit, title="新标题", session=foreign),
    )

    assert response.status_code == 403
    reflection.refresh_from_db()
    assert (reflection.session, reflection.title) == (own_session, "原标题")


def test_an_organisation_id_that_does_not_exist_is_a_form_error_not_a_403(client_as, tree):
    missing = Organisation.objects.order_by("pk").last().pk + 100
    client = client_as("organiser")

    response = client.post(
        reverse("admin:campaign_studysession_add"),
        {**session_form(tree.unit, title="无效单位"), "organisation": missing},
    )

    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not StudySession.objects.exists()


# --- Edited URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["change", "history", "delete", "history_version"])
@pytest.mark.parametrize("foreign", ["sibling", "other"])
def test_organiser_cannot_open_admin_pages_of_another_units_session(client_as, tree, view, foreign):
    session = StudySessionFactory(organisation=getattr(tree, foreign), title="外单位的活动")
    client = client_as("organiser")
    if view == "history_version":
        version = session.history.earliest("history_date").history_id
        url = reverse("admin:campaign_studysession_simple_history", args=[session.pk, version])
    else:
        url = reverse(f"admin:campaign_studysession_{view}", args=[session.pk])

    response = client.get(url)
    missing = client.get(url.replace(f"/{session.pk}/", f"/{session.pk + 1000}/"))

    # Outside the scope and missing look the same: no answer tells which ids exist.
    assert response.status_code == missing.status_code == 404
    assert "外单位的活动" not in response.content.decode()


@pytest.mark.parametrize(("unit", "status"), [("team", 200), ("other", 404)])
def test_the_history_of_a_deleted_session_is_shown_only_within_scope(client_as, tree, unit, status):
    session = StudySessionFactory(organisation=getattr(tree, unit), title="已删除的活动")
    pk = session.pk
    session.delete()

    response = client_as("organiser").get(reverse("admin:campaign_studysession_history", args=[pk]))

    assert response.status_code == status


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_organiser_opens_admin_pages_of_own_session(client_as, tree, view):
    # The counterpart of the test above: the same URLs work within the organiser's unit.
    session = StudySessionFactory(organisation=tree.team, title="本班组的活动")
    client = client_as("organiser")

    response = client.get(reverse(f"admin:campaign_studysession_{view}", args=[session.pk]))

    assert response.status_code == 200
    assert "本班组的活动" in response.content.decode()


@pytest.mark.parametrize("role", PERMISSION_MATRIX)
def test_attachment_download_follows_the_view_column_of_the_matrix(client_as, tree, role):
    attachments = {target: attachment_of(getattr(tree, target)) for target in TARGETS}
    client = client_as(role)

    served = set()
    for target, attachment in attachments.items():
        response = client.get(reverse("campaign:attachment", args=[attachment.pk]))
        assert response.status_code in (200, 404), (target, response.status_code)
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PNG
            served.add(target)

    assert served == reachable_targets(role)


# --- One rule, two forms ---------------------------------------------------------------------


def test_python_and_sql_scope_rules_agree_for_every_user_and_organisation(tree):
    OrganisationFactory(code="HP-GH-01-2", name="黄浦单位一二班组", parent=tree.unit)
    OrganisationFactory(code="XH-GH-02", name="徐汇单位二", parent=tree.xuhui_body)
    users = [
        tree.campaign_admin,
        tree.district_admin,
        tree.organiser,
        tree.outsider,
        tree.reader,
        UserFactory(username="team_lead", role=Role.ORGANISER, organisation=tree.team),
        UserFactory(username="city_admin", role=Role.DISTRICT_ADMIN, organisation=tree.city),
        UserFactory(username="reader_in_unit", role=Role.READER, organisation=tree.unit),
        UserFactory(username="root", role=Role.READER, is_superuser=True),
        UserFactory(
            username="gone", role=Role.DISTRICT_ADMIN, organisation=tree.unit, is_active=False
        ),
        AnonymousUser(),
    ]
    organisations = list(Organisation.objects.all())

    disagreements = [
        (str(user), organisation.name)
        for user in users
        for organisation in organisations
        if reaches(user, organisation)
        != Organisation.objects.visible_to(user).filter(pk=organisation.pk).exists()
    ]
    reached = sum(reaches(user, org) for user in users for org in organisations)

    assert disagreements == []
    assert 0 < reached < len(users) * len(organisations)  # both answers occur
