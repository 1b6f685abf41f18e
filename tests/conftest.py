"""Fixtures every test may use: the decision, an organisation tree with a user per role, a client
signed in as one of them (`client_as`), and a media folder of the test's own."""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from accounts.models import Role, User
from campaign.choices import District, OrganisationKind
from campaign.models import Organisation
from documents.cache import forget_local_copies
from documents.loader import load_decision
from documents.models import FIRST_CAMPAIGN_SLUG, Document, LearningPoint
from tests.factories import OrganisationFactory, UserFactory
from tests.second_factor import force_login_with_second_factor, forget_sign_ins

# pytest-playwright drives the browser from an event loop while the live server runs Django code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    # The manifest storage needs `collectstatic`; tests (and the live server) use the plain one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # One process: a cache in memory, emptied for every test (fixture `empty_cache`).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # As in production (DEBUG off): administrators reach the backend with a second factor only.
    settings.MFA_REQUIRED_FOR_ADMINS = True


@pytest.fixture(autouse=True)
def force_login_includes_second_factor(monkeypatch, settings):
    """`force_login` stands for a complete sign-in, the administrators' code included
    (tests/second_factor.py); the sign-in itself is tested through its pages. A code is taken a
    moment before it is checked: allauth accepts a step either side (as for an app whose clock
    drifts), so that a half-minute passing in between does not refuse it."""
    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)
    settings.MFA_TOTP_TOLERANCE = 1
    forget_sign_ins()


@pytest.fixture(autouse=True)
def empty_cache():
    """No page cached by another test."""
    cache.clear()
    forget_local_copies()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads go to a folder of the test's own, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def decision(db) -> Document:
    """The first campaign's decision (Li Bin 2019), loaded from documents/data/."""
    load_decision()
    return Document.objects.get(campaign__slug=FIRST_CAMPAIGN_SLUG)


@pytest.fixture
def point(decision) -> LearningPoint:
    """The first learning point (政治品格)."""
    return decision.points.get(number=1)


@dataclass
class Tree:
    """A small organisation tree, with a user for each role.

    city (市级 body) ─┬─ huangpu_body (黄浦) ─┬─ unit ── team
                     │                       └─ sibling
                     └─ xuhui_body (徐汇) ──── other
    The organiser belongs to `unit`, the outsider (another organiser) to `other`, the district
    admin to `huangpu_body`.
    """

    city: Organisation
    huangpu_body: Organisation
    unit: Organisation
    team: Organisation
    sibling: Organisation
    xuhui_body: Organisation
    other: Organisation
    campaign_admin: User
    district_admin: User
    organiser: User
    outsider: User
    reader: User
    audit_admin: User


@pytest.fixture
def tree(decision) -> Tree:
    city = OrganisationFactory(
        code="SH-ZGH", name="上海市总工会", kind=OrganisationKind.ISSUER, district=District.CITY
    )
    huangpu_body = OrganisationFactory(
        code="HP-GH",
        name="黄浦区局（产业）工会",
        kind=OrganisationKind.DISTRICT_UNION,
        district=District.HUANGPU,
        parent=city,
    )
    xuhui_body = OrganisationFactory(
        code="XH-GH",
        name="徐汇区局（产业）工会",
        kind=OrganisationKind.DISTRICT_UNION,
        district=District.XUHUI,
        parent=city,
    )
    unit = OrganisationFactory(code="HP-GH-01", name="黄浦单位一", parent=huangpu_body)
    team = OrganisationFactory(code="HP-GH-01-1", name="黄浦单位一班组", parent=unit)
    sibling = OrganisationFactory(code="HP-GH-02", name="黄浦单位二", parent=huangpu_body)
    other = OrganisationFactory(code="XH-GH-01", name="徐汇单位一", parent=xuhui_body)
    return Tree(
        city=city,
        huangpu_body=huangpu_body,
        unit=unit,
        team=team,
        sibling=sibling,
        xuhui_body=xuhui_body,
        other=other,
        campaign_admin=UserFactory(username="campaign_admin", role=Role.CAMPAIGN_ADMIN),
        district_admin=UserFactory(
            username="district_admin", role=Role.DISTRICT_ADMIN, organisation=huangpu_body
        ),
        organiser=UserFactory(username="organiser", role=Role.ORGANISER, organisation=unit),
        outsider=UserFactory(username="outsider", role=Role.ORGANISER, organisation=other),
        reader=UserFactory(username="reader", role=Role.READER),
        audit_admin=UserFactory(username="audit_admin", role=Role.AUDIT_ADMIN),
    )


@pytest.fixture
def client_as(client, tree):
    """`client_as("organiser")`: the test client, signed in as that user of the tree."""

    def sign_in(role: str):
        client.force_login(getattr(tree, role))
        return client

    return sign_in
