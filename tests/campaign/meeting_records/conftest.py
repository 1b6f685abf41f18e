"""`li_bin`, and `sample`: a second open campaign of seven points beside Li Bin's."""

from tests.campaign.campaigns.conftest import li_bin, sample  # noqa: F401
