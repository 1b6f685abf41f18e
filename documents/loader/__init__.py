"""Loads a campaign from a folder of data files: the decision's text as extracted from its PDF
(`text`), a campaign.json naming its slug, period, status and points, and optionally its profile
(`folder`), written to the database all or nothing (`write`). With no folder, the first
campaign's: the Li Bin 2019 decision in documents/data/."""

from pathlib import Path

from documents.loader.folder import CAMPAIGN_FILE, CampaignData, read_campaign
from documents.loader.text import DecisionFormatError, parse_decision, propose_points
from documents.loader.write import write_campaign

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DECISION_FILE = DATA_DIR / "li-bin-decision.txt"

__all__ = [
    "CAMPAIGN_FILE",
    "DATA_DIR",
    "DECISION_FILE",
    "CampaignData",
    "DecisionFormatError",
    "load_decision",
    "parse_decision",
    "propose_points",
    "read_campaign",
]


def load_decision(folder: Path = DATA_DIR) -> dict[str, int]:
    """Create or update the campaign of `folder`; return how many rows of each kind changed.
    Refuses a folder that is wrong (DecisionFormatError, saying what is wrong) before writing."""
    return write_campaign(read_campaign(Path(folder)))
