"""A session's learning points in a spreadsheet cell, named by campaign: a session may cover the
points of several campaigns (it counts once in each), so the cell names each campaign, then its
points, by number or short name: "向李斌同志学习：政治品格、敬业精神；示例学习活动：2".

- Between campaigns: ；or ; (or a new line). After a campaign's name (its name as the portal
  shows it, its plain name or its slug): ：or :. Between points: 、，or ,.
- A cell, or a part of one, without a campaign's name (files written before there were several
  campaigns: "政治品格、敬业精神", "1,3") names the points of the campaign that has them all among
  those open and calling the row's unit on its date (or already counting the session); failing
  that, among every published campaign, so that the write's own rule says why it may not count.
  Points several such campaigns have (numbers, mostly) must be named with their campaign.

`write_cell` writes the cell; `PointCells` reads it, for one file: the campaigns and their points
are read once (`load`), and each row's cell is read without a query.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext

from campaign.services import PointRule
from documents.models import Campaign, LearningPoint

# Between campaigns in one cell; after a campaign's name; between the points of a campaign.
CAMPAIGN_SEPARATORS = re.compile(r"[；;\r\n]+")
NAME_SEPARATOR = re.compile(r"[：:]")
POINT_SEPARATORS = re.compile(r"[、，,]+")
# A cell of the old form (no campaign named) separates its points with any of these.
OLD_SEPARATORS = re.compile(r"[、，,；;\r\n]+")


def shown(value, limit: int = 40) -> str:
    """A cell's value as a message quotes it, at most `limit` characters (as `widgets.shown`,
    which this module is below)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def campaign_order(campaign: Campaign) -> tuple:
    """The oldest campaign first, as the portal lists a session's campaigns."""
    return (campaign.opens_on, campaign.pk)


def write_cell(points: Iterable[LearningPoint], campaigns: dict[int, Campaign]) -> str:
    """The points as each campaign's name and its points' short names, campaign by campaign:
    向李斌同志学习：政治品格、敬业精神；示例学习活动：联系实际. `campaigns` by document id."""
    groups: dict[int, list[LearningPoint]] = {}
    for point in sorted(points, key=lambda p: p.number):
        groups.setdefault(point.document_id, []).append(point)
    parts = []
    for document in sorted(
        groups, key=lambda d: campaign_order(campaigns[d]) if d in campaigns else (None, d)
    ):
        names = "、".join(point.short_name for point in groups[document])
        campaign = campaigns.get(document)
        parts.append(f"{campaign.label}：{names}" if campaign else names)
    return "；".join(parts)


@dataclass
class CampaignPoints:
    """One campaign's points, by every name a cell may give them: 2, 担当情怀, "2. 担当情怀"."""

    campaign: Campaign
    points: list[LearningPoint] = field(default_factory=list)
    by_name: dict[str, LearningPoint] = field(default_factory=dict)

    def add(self, point: LearningPoint) -> None:
        self.points.append(point)
        for name in (str(point.number), point.short_name, str(point)):
            self.by_name[name] = point

    def has(self, names: list[str]) -> bool:
        return all(name in self.by_name for name in names)

    def unknown(self, names: list[str]) -> str:
        """Why `names` are not all this campaign's points (the first it lacks)."""
        missing = next(name for name in names if name not in self.by_name)
        return gettext(
            "There is no learning point “%(value)s” in “%(campaign)s”: use the numbers "
            "1–%(last)d or the short names %(names)s."
        ) % {
            "campaign": self.campaign.label,
            "value": shown(missing),
            "last": len(self.points),
            "names": "、".join(point.short_name for point in self.points),
        }


@dataclass
class PointCells:
    """The campaigns and their points as one file's cells name them, read once."""

    rule: PointRule
    #: Every published campaign's points, by document id.
    campaigns: dict[int, CampaignPoints]
    #: The published campaigns by every name a cell may give them.
    by_name: dict[str, CampaignPoints]

    @classmethod
    def load(cls, rule: PointRule | None = None) -> PointCells:
        rule = rule or PointRule.load()
        published = {
            document: CampaignPoints(campaign)
            for document, campaign in rule.by_document.items()
            if campaign.status != Campaign.Status.DRAFT
        }
        for point in LearningPoint.objects.filter(document__in=published).order_by("number"):
            published[point.document_id].add(point)
        by_name = {}
        for entry in sorted(published.values(), key=lambda e: campaign_order(e.campaign)):
            campaign = entry.campaign
            for name in (campaign.slug.casefold(), campaign.name, campaign.label):
                by_name.setdefault(name, entry)
        return cls(rule=rule, campaigns=published, by_name=by_name)

    def write(self, points: Iterable[LearningPoint]) -> str:
        return write_cell(points, self.rule.by_document)

    def read(
        self,
        value: str,
        *,
        unit=None,
        day: datetime.date | None = None,
        kept: Iterable[LearningPoint] = (),
    ) -> list[LearningPoint]:
        """The points a cell names, for a session of `unit` held on `day` that already covers
        the `kept` points; ValueError says, in the user's language, what is wrong."""
        text = str(value).strip()
        if NAME_SEPARATOR.search(text):
            groups = [self._group(part) for part in CAMPAIGN_SEPARATORS.split(text)]
        else:  # the old form: one campaign's points, not named
            groups = [(None, _names(OLD_SEPARATORS.split(text)))]
        points: list[LearningPoint] = []
        for entry, names in groups:
            if not names:
                continue
            entry = entry or self._owner(names, unit=unit, day=day, kept=kept)
            if not entry.has(names):
                raise ValueError(entry.unknown(names))
            for name in names:
                if entry.by_name[name] not in points:
                    points.append(entry.by_name[name])
        return points

    def _group(self, part: str) -> tuple[CampaignPoints | None, list[str]]:
        """One campaign's part of a cell: its campaign (None: not named) and its points' names."""
        if not NAME_SEPARATOR.search(part):
            return None, _names(POINT_SEPARATORS.split(part))
        name, rest = (text.strip() for text in NAME_SEPARATOR.split(part, maxsplit=1))
        entry = self.by_name.get(name) or self.by_name.get(name.casefold())
        if entry is None:
            raise ValueError(
                gettext(
                    "There is no campaign “%(value)s”: name it as the portal does, e.g. "
                    "%(example)s."
                )
                % {"value": shown(name), "example": self._example()}
            )
        names = _names(POINT_SEPARATORS.split(rest))
        if not names:
            raise ValueError(
                gettext("Name at least one learning point of “%(campaign)s” after its name.")
                % {"campaign": entry.campaign.label}
            )
        return entry, names

    def _owner(self, names: list[str], *, unit, day, kept) -> CampaignPoints:
        """The campaign whose points `names` are, when the cell does not name it: the one among
        those open to the unit on the day (and those the session already counts for) that has
        them all; else the one among all published campaigns, whose rule then says why not."""
        near = [c.document_id for c in self.rule.open_to(unit, day)]
        near += [point.document_id for point in kept]
        near = [self.campaigns[d] for d in dict.fromkeys(near) if d in self.campaigns]
        everywhere = sorted(self.campaigns.values(), key=lambda e: campaign_order(e.campaign))
        for candidates in (near, everywhere):
            having = [entry for entry in candidates if entry.has(names)]
            if len(having) == 1:
                return having[0]
            if len(having) > 1:
                raise ValueError(
                    gettext(
                        "“%(value)s” could be the learning points of %(campaigns)s: write the "
                        "campaign's name before its points, e.g. %(example)s."
                    )
                    % {
                        "value": shown("、".join(names)),
                        "campaigns": "、".join(f"“{e.campaign.label}”" for e in having),
                        "example": f"{having[0].campaign.label}：{'、'.join(names)}",
                    }
                )
        if len(near) == 1:
            return near[0]  # whose points they are not: it says which it has
        raise ValueError(
            gettext(
                "No campaign has the learning points “%(value)s”: write the campaign's name "
                "before its points, e.g. %(example)s."
            )
            % {"value": shown("、".join(names)), "example": self._example(near)}
        )

    def _example(self, entries: list[CampaignPoints] | None = None) -> str:
        """A cell as an example: the first campaign's name and two of its points."""
        entries = entries or sorted(
            (e for e in self.campaigns.values() if e.campaign.is_open),
            key=lambda e: campaign_order(e.campaign),
        )
        if not entries or not entries[0].points:
            return "向李斌同志学习：政治品格、敬业精神"
        entry = entries[0]
        return f"{entry.campaign.label}：{'、'.join(p.short_name for p in entry.points[:2])}"


def _names(parts: Iterable[str]) -> list[str]:
    """The points' names of a cell's part, trimmed, a number read from Excel as 2.0 as 2."""
    names = {}  # in order, once each (a dict: a hostile cell may hold a million parts)
    for part in parts:
        name = part.strip()
        if name.endswith(".0") and name[:-2].isdigit():
            name = name[:-2]
        if name:
            names[name] = None
    return list(names)
