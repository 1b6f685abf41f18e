"""Fixtures of the public pages' tests: a second campaign, made up and marked as a sample."""

import pytest

from documents.loader import load_decision
from documents.models import Campaign
from tests.documents.folders import sample_folder


@pytest.fixture
def sample(db, tmp_path) -> Campaign:
    """The sample campaign of tests/documents/folders.py: open, seven points, no profile."""
    load_decision(sample_folder(tmp_path / "sample"))
    return Campaign.objects.select_related("document").get(slug="sample-2026")
