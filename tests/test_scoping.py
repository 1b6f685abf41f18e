"""Who may do what, where: the admin's scope rules tested from the outside, through HTTP.

The permission matrix below is data: one row per role, one column per target organisation of the
`tree` fixture. Every cell becomes eight requests (view, add, change, delete × study session,
reflection) whose outcome is checked in the database, not only in the status code. The other
tests try what a curious or malicious user would: foreign ids in a POST, edited URLs, bulk
actions, reviews, and the agreement of the Python and SQL forms of the scope rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from campaign.choices import ReflectionStatus, SessionFormat
from campaign.models import Organisation, Reflection, SessionAttachment, StudySession
from campaign.querysets import reaches
from documents.models import LearningPoint
from tests.factories import (
    REFLECTION_BODY,
    OrganisationFactory,
    ReflectionFactory,
    StudySessionFactory,
    UserFactory,
)

ALLOWED = "allowed"
REFUSED = "refused"
A, R = ALLOWED, REFUSED

# The target organisations of the `tree` fixture (attribute names), in the matrix's column order.
TARGETS = ("unit", "team", "sibling", "other")
ACTIONS = ("view", "add", "change", "delete")

# One row per role (an attribute of the `tree` fixture naming its user): the outcome of every
# action on study sessions and reflections of each target organisation. A role whose rights
# differ by action may map action names to such rows instead: {"view": (A, A, A, A), ...}.
# fmt: off
PERMISSION_MATRIX: dict[str, tuple[str, ...] | dict[str, tuple[str, ...]]] = {
    #                  unit  team  sibling  other
    "campaign_admin": (A,    A,    A,       A),
    "district_admin": (A,    A,    A,       R),
    "organiser":      (A,    A,    R,       R),
    "outsider":       (R,    R,    R,       A),   # the organiser of `other`, in 徐汇
    "reader":         (R,    R,    R,       R),
}
# fmt: on

# The organisations (tree attributes) each role may pick for a record: its whole scope, not only
# the matrix's targets. None: the role is not let into the admin at all.
ORGANISATION_CHOICES: dict[str, set[str] | None] = {
    "campaign_admin": {
        "city",
        "huangpu_body",
        "xuhui_body",
        "unit",
        "team",
        "sibling",
        "other",
    },
    "district_admin": {"huangpu_body", "unit", "team", "sibling"},
    "organiser": {"unit", "team"},
    "outsider": {"other"},
    "reader": None,
}


def outcome(role: str, action: str, target: str) -> str:
    row = PERMISSION_MATRIX[role]
    outcomes = row[action] if isinstance(row, dict) else row
    return dict(zip(TARGETS, outcomes, strict=True))[target]


def reachable_targets(role: str, action: str = "view") -> set[str]:
    return {target for target in TARGETS if outcome(role, action, target) == ALLOWED}


# --- Requests and their effect --------------------------------------------------------------

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(32))

ATTACHMENTS_MANAGEMENT = {
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0",
    "attachments-MAX_NUM_FORMS": "1000",
}


def session_form(organisation: Organisation, title: str) -> dict:
    return {
        "organisation": organisation.pk,
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "title": title,
        "format": SessionFormat.GROUP_STUDY,
        "points": [point.pk for point in LearningPoint.objects.filter(number__in=[1, 2])],
        "participants": "12",
        "party_members": "5",
        "host": "李老师",
        "venue": "职工之家",
        "absentees": "",
        "summary": "学习李斌同志先进事迹。",
        **ATTACHMENTS_MANAGEMENT,
    }


def reflection_form(organisation: Organisation, title: str, session=None) -> dict:
    # `status` and `return_reason` are fields for reviewers only; for others they are ignored.
    return {
        "organisation": organisation.pk,
        "session": session.pk if session else "",
        "point": LearningPoint.objects.get(number=1).pk,
        "title": title,
        "body": REFLECTION_BODY,
        "author_name": "王五",
        "author_position": "班组长",
        "public_consent": "on",
        "quoted_paragraph": "",
        "status": ReflectionStatus.SUBMITTED,
        "return_reason": "",
    }


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
    response = client.post(kind.url("add"), kind.form(organisation, title))
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
    response = client.post(kind.url("change", record.pk), kind.form(organisation, "已修改的标题"))
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


def assert_refused(response: HttpResponse, user) -> None:
    """A staff user is refused with 403 or 404; anyone else is sent to the admin's login."""
    if user.is_staff:
        assert response.status_code in (403, 404), response.status_code
    else:
        assert response.status_code == 302, response.status_code
        assert response.url.startswith(reverse("admin:login")), response.url


def form_errors(response: HttpResponse) -> str:
    """The admin form's errors, to explain an unexpected 200 on a POST."""
    context = getattr(response, "context", None)
    if context and "errors" in context:
        return repr(list(context["errors"]))
    return ""


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
def test_permission_matrix(client, tree, role, label, action, target, expected):
    user = getattr(tree, role)
    client.force_login(user)

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


def test_organiser_cannot_add_a_session_for_another_unit_by_posting_its_id(client, tree):
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_studysession_add"), session_form(tree.other, "冒名活动")
    )

    assert response.status_code == 403
    assert not StudySession.objects.exists()


def test_organiser_cannot_move_own_session_to_another_unit(client, tree):
    session = StudySessionFactory(organisation=tree.unit, title="本单位活动")
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_studysession_change", args=[session.pk]),
        session_form(tree.other, "改到外单位"),
    )

    assert response.status_code == 403
    session.refresh_from_db()
    assert (session.organisation, session.title) == (tree.unit, "本单位活动")


def test_organiser_cannot_add_a_reflection_on_another_units_session(client, tree):
    foreign = StudySessionFactory(organisation=tree.other)
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_reflection_add"),
        reflection_form(tree.unit, "挂到外单位活动", session=foreign),
    )

    assert response.status_code == 403
    assert not Reflection.objects.exists()


def test_organiser_cannot_attach_own_reflection_to_another_units_session(client, tree):
    own_session = StudySessionFactory(organisation=tree.unit)
    foreign = StudySessionFactory(organisation=tree.sibling)
    reflection = ReflectionFactory(organisation=tree.unit, session=own_session, title="原标题")
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_reflection_change", args=[reflection.pk]),
        reflection_form(tree.unit, "新标题", session=foreign),
    )

    assert response.status_code == 403
    reflection.refresh_from_db()
    assert (reflection.session, reflection.title) == (own_session, "原标题")


def test_an_organisation_id_that_does_not_exist_is_a_form_error_not_a_403(client, tree):
    missing = Organisation.objects.order_by("pk").last().pk + 100
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_studysession_add"),
        {**session_form(tree.unit, "无效单位"), "organisation": missing},
    )

    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not StudySession.objects.exists()


# --- Edited URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["change", "history", "delete", "history_version"])
@pytest.mark.parametrize("foreign", ["sibling", "other"])
def test_organiser_cannot_open_admin_pages_of_another_units_session(client, tree, view, foreign):
    session = StudySessionFactory(organisation=getattr(tree, foreign), title="外单位的活动")
    client.force_login(tree.organiser)
    if view == "history_version":
        version = session.history.earliest("history_date").history_id
        url = reverse("admin:campaign_studysession_simple_history", args=[session.pk, version])
    else:
        url = reverse(f"admin:campaign_studysession_{view}", args=[session.pk])

    response = client.get(url)

    assert response.status_code in (403, 404)
    assert "外单位的活动" not in response.content.decode()


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_organiser_opens_admin_pages_of_own_session(client, tree, view):
    # The counterpart of the test above: the same URLs work within the organiser's unit.
    session = StudySessionFactory(organisation=tree.team, title="本班组的活动")
    client.force_login(tree.organiser)

    response = client.get(reverse(f"admin:campaign_studysession_{view}", args=[session.pk]))

    assert response.status_code == 200
    assert "本班组的活动" in response.content.decode()


def test_organiser_cannot_overwrite_a_session_moved_out_of_scope_through_its_old_version(
    client, tree
):
    session = StudySessionFactory(organisation=tree.unit, title="原属本单位")
    old_version = session.history.latest("history_date").history_id
    session.organisation = tree.other  # the campaign moves it to a unit in 徐汇
    session.title = "已移交徐汇"
    session.save()
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_studysession_simple_history", args=[session.pk, old_version]),
        session_form(tree.unit, "被改回"),
    )

    session.refresh_from_db()
    assert (session.organisation, session.title) == (tree.other, "已移交徐汇")
    assert response.status_code in (403, 404)


# --- Attachments -----------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attachment_of(organisation: Organisation) -> SessionAttachment:
    attachment = SessionAttachment(
        session=StudySessionFactory(organisation=organisation),
        file=SimpleUploadedFile("签到表.png", PNG_BYTES, content_type="image/png"),
    )
    attachment.save()
    return attachment


def test_organiser_cannot_download_another_units_attachment(client, tree, media):
    attachment = attachment_of(tree.other)
    client.force_login(tree.organiser)

    response = client.get(reverse("campaign:attachment", args=[attachment.pk]))

    assert response.status_code == 404


def test_organiser_downloads_own_units_attachment(client, tree, media):
    attachment = attachment_of(tree.unit)
    client.force_login(tree.organiser)

    response = client.get(reverse("campaign:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES


@pytest.mark.parametrize("role", PERMISSION_MATRIX)
def test_attachment_download_follows_the_view_column_of_the_matrix(client, tree, media, role):
    attachments = {target: attachment_of(getattr(tree, target)) for target in TARGETS}
    client.force_login(getattr(tree, role))

    served = set()
    for target, attachment in attachments.items():
        response = client.get(reverse("campaign:attachment", args=[attachment.pk]))
        assert response.status_code in (200, 404), (target, response.status_code)
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PNG_BYTES
            served.add(target)

    assert served == reachable_targets(role)


# --- Lists and choices -----------------------------------------------------------------------


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
    client, tree, role, factory, changelist, suffix
):
    for target in TARGETS:
        factory(organisation=getattr(tree, target), title=f"{target}{suffix}")
    user = getattr(tree, role)
    client.force_login(user)

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
def test_organisation_autocomplete_offers_only_organisations_in_scope(client, tree, role):
    user = getattr(tree, role)
    client.force_login(user)

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
    client, tree, role, model_name
):
    user = getattr(tree, role)
    client.force_login(user)

    response = client.get(reverse(f"admin:campaign_{model_name}_add"))

    if ORGANISATION_CHOICES[role] is None:
        assert_refused(response, user)
        return
    queryset = response.context["adminform"].form.fields["organisation"].queryset
    assert set(queryset) == {getattr(tree, name) for name in ORGANISATION_CHOICES[role]}


def test_session_autocomplete_of_a_reflection_offers_only_sessions_in_scope(client, tree):
    own = StudySessionFactory(organisation=tree.team)
    StudySessionFactory(organisation=tree.sibling)
    StudySessionFactory(organisation=tree.other)
    client.force_login(tree.organiser)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "campaign", "model_name": "reflection", "field_name": "session", "term": ""},
    )

    assert response.status_code == 200
    assert [int(result["id"]) for result in response.json()["results"]] == [own.pk]


# --- Bulk actions and reviews ----------------------------------------------------------------


def test_organiser_bulk_delete_skips_another_units_session(client, tree):
    own = StudySessionFactory(organisation=tree.unit)
    foreign = StudySessionFactory(organisation=tree.sibling)
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_studysession_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, foreign.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not StudySession.objects.filter(pk=own.pk).exists()  # the action did run
    assert StudySession.objects.filter(pk=foreign.pk).exists()


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


def test_review_actions_are_offered_to_reviewers_only(client, tree):
    client.force_login(tree.district_admin)
    assert {"approve", "feature", "return_with_reason"} <= review_actions(client)

    client.force_login(tree.organiser)
    assert review_actions(client).isdisjoint({"approve", "feature", "return_with_reason"})


def test_organiser_cannot_approve_by_posting_the_action(client, tree):
    reflection = ReflectionFactory(organisation=tree.unit)
    client.force_login(tree.organiser)

    approve(client, reflection)

    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.SUBMITTED
    assert reflection.reviewed_by is None


def test_organiser_cannot_approve_through_the_change_form(client, tree):
    reflection = ReflectionFactory(organisation=tree.unit)
    client.force_login(tree.organiser)

    response = client.post(
        reverse("admin:campaign_reflection_change", args=[reflection.pk]),
        {**reflection_form(tree.unit, "改了标题"), "status": ReflectionStatus.APPROVED},
    )

    assert response.status_code == 302, form_errors(response)
    reflection.refresh_from_db()
    assert reflection.title == "改了标题"  # the save went through, without the status
    assert reflection.status == ReflectionStatus.SUBMITTED
    assert reflection.reviewed_by is None


def test_district_admin_approves_a_reflection_of_their_district(client, tree):
    reflection = ReflectionFactory(organisation=tree.team)
    client.force_login(tree.district_admin)

    response = approve(client, reflection)

    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.APPROVED
    assert reflection.reviewed_by == tree.district_admin
    assert reflection.reviewed_at is not None


def test_district_admin_cannot_approve_another_districts_reflection(client, tree):
    own = ReflectionFactory(organisation=tree.sibling)
    foreign = ReflectionFactory(organisation=tree.other)
    client.force_login(tree.district_admin)

    approve(client, own, foreign)

    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.status == ReflectionStatus.APPROVED  # the action did run
    assert foreign.status == ReflectionStatus.SUBMITTED
    assert foreign.reviewed_by is None


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


# --- Query counts ----------------------------------------------------------------------------

# The campaign admin's session changelist, whatever the number of rows on the page.
CHANGELIST_QUERY_BOUND = 10


@pytest.mark.parametrize("rows", [5, 30])
def test_session_changelist_query_count_does_not_grow_with_rows(
    client, tree, rows, django_assert_max_num_queries
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
    client.force_login(tree.campaign_admin)

    with django_assert_max_num_queries(CHANGELIST_QUERY_BOUND):
        response = client.get(reverse("admin:campaign_studysession_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_district_admin_renames_their_own_body_but_cannot_move_it(client, tree):
    client.force_login(tree.district_admin)
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


def test_an_organisers_edit_sends_a_reviewed_reflection_back_for_review(client, tree):
    reflection = ReflectionFactory(
        organisation=tree.unit, status="returned", return_reason="请再具体一些。"
    )
    client.force_login(tree.organiser)

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
