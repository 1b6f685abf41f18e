"""Migrations 0003–0005 turn the decision already loaded into the first campaign (Li Bin 2019),
with its points and profile facts, their ids and the readers' marks kept."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from documents.loader import load_decision

BEFORE = ("documents", "0002_studied_points")
# The campaign app's last migration that needs no campaign (its exemptions name one).
CAMPAIGN_BEFORE = ("campaign", "0018_rollups_without_point_columns")


def migrate(documents=None):
    """Migrate the test database to `documents` (documents' latest when None), every other app
    to its latest; the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if documents:
        targets = [node for node in targets if node[0] not in {"documents", "campaign"}]
        targets += [documents, CAMPAIGN_BEFORE]
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def write_the_decision_as_it_was(apps) -> dict:
    """The Li Bin document as the loader wrote it before campaigns: two points, a fact, a mark."""
    Document, Paragraph, LearningPoint, ProfileFact, StudiedPoint = (
        apps.get_model("documents", name)
        for name in ("Document", "Paragraph", "LearningPoint", "ProfileFact", "StudiedPoint")
    )
    User = apps.get_model("accounts", "User")
    document = Document.objects.create(
        slug="li-bin-decision",
        number="沪工总办〔2019〕60号",
        title="关于深入开展向李斌同志学习的决定",
        issuers="上海市总工会",
        issued_on=datetime.date(2019, 4, 3),
        distribution="（此件发至各区）",
    )
    paragraphs = [
        Paragraph.objects.create(document=document, number=n, text=f"第{n}段。") for n in (1, 2, 3)
    ]
    points = [
        LearningPoint.objects.create(
            number=n, heading=f"要点{n}。", short_name=f"要点{n}", paragraph=paragraphs[n]
        )
        for n in (1, 2)
    ]
    ProfileFact.objects.create(kind="honour", position=1, text="第1段", paragraph=paragraphs[0])
    StudiedPoint.objects.create(user=User.objects.create(username="reader"), point=points[1])
    return {"document": document.pk, "points": [p.pk for p in points]}


@pytest.mark.django_db(transaction=True)
def test_the_decision_already_loaded_becomes_the_first_campaign():
    try:
        before = write_the_decision_as_it_was(migrate(BEFORE))
        apps = migrate()
        Campaign, LearningPoint, ProfileFact, StudiedPoint = (
            apps.get_model("documents", name)
            for name in ("Campaign", "LearningPoint", "ProfileFact", "StudiedPoint")
        )

        campaign = Campaign.objects.get()
        assert campaign.document_id == before["document"]
        assert (campaign.slug, campaign.name, campaign.status) == (
            "li-bin-2019",
            "向李斌同志学习",
            "open",
        )
        assert (campaign.opens_on, campaign.closes_on) == (datetime.date(2019, 4, 3), None)
        assert (campaign.is_sample, campaign.honours) == (False, "李斌同志")
        assert campaign.document.slug == "li-bin-2019"
        points = LearningPoint.objects.order_by("number")
        assert [p.pk for p in points] == before["points"]
        assert {p.document_id for p in points} == {before["document"]}
        assert ProfileFact.objects.get().document_id == before["document"]
        assert StudiedPoint.objects.get().point_id == before["points"][1]
    finally:
        migrate()  # the latest schema again, for the tests that follow


@pytest.mark.django_db(transaction=True)
def test_a_new_installation_gets_its_first_campaign_from_the_loader():
    try:
        migrate(BEFORE)
        apps = migrate()
        assert not apps.get_model("documents", "Campaign").objects.exists()
    finally:
        migrate()

    load_decision()
    assert load_decision() == dict.fromkeys(
        ("campaign", "document", "paragraphs", "points", "facts"), 0
    )
