"""The sessions every export and round-trip test starts from."""

import pytest

# `li_bin`, and `sample`: a second open campaign of seven points beside Li Bin's.
from tests.campaign.campaigns.conftest import li_bin, sample  # noqa: F401
from tests.campaign.exchange.spreadsheets import points
from tests.factories import StudySessionFactory


@pytest.fixture
def sessions(tree):
    """Two sessions in each organisation of the tree below the city level."""
    made = {}
    for name in ("huangpu_body", "unit", "team", "sibling", "xuhui_body", "other"):
        organisation = getattr(tree, name)
        made[name] = [
            StudySessionFactory(
                organisation=organisation,
                title=f"{organisation.name}的学习活动{i}",
                points=points(1, 2),
            )
            for i in (1, 2)
        ]
    return made
