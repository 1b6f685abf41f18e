import datetime

import pytest

from documents.loader import load_decision
from documents.models import Campaign, LearningPoint
from tests.documents.folders import SAMPLE_TEXT, sample_folder


@pytest.fixture
def sample(tree, tmp_path) -> Campaign:
    """A second campaign (the tests' 示例, seven points), open since 60 days ago and open-ended,
    calling the whole city, beside Li Bin's."""
    load_decision(sample_folder(tmp_path / "sample"))
    opens = datetime.date.today() - datetime.timedelta(days=60)
    Campaign.objects.filter(slug="sample-2026").update(opens_on=opens, closes_on=None)
    return Campaign.objects.select_related("document").get(slug="sample-2026")


@pytest.fixture
def li_bin(decision) -> Campaign:
    return decision.campaign


@pytest.fixture
def draft(tree, tmp_path) -> Campaign:
    """A draft as the backend's first step saves one from a decision's file: the tests' 示例
    text (seven paragraphs opening 一是要… to 七是要…), no points yet, opening in ten days,
    open-ended, the whole city."""
    text = SAMPLE_TEXT.replace("示例学发〔2026〕1号", "示例学发〔2026〕9号")
    opens = datetime.date.today() + datetime.timedelta(days=10)
    folder = sample_folder(
        tmp_path / "draft",
        decision_text=text,
        slug="draft-2026",
        name="示例草稿活动",
        status="draft",
        opens_on=opens.isoformat(),
        closes_on=None,
    )
    load_decision(folder)
    campaign = Campaign.objects.select_related("document").get(slug="draft-2026")
    LearningPoint.objects.filter(document=campaign.document).delete()
    return campaign
