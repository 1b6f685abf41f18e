import datetime

import pytest

from documents.loader import load_decision
from documents.models import Campaign
from tests.documents.folders import sample_folder


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
