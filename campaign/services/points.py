"""Which learning points a session may cover: those of the campaigns that call its unit, open and
running on the day it was held. One rule, for the session form, imports and every write."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaign.models import Exemption, Organisation
from campaign.querysets import scope_holds
from documents.models import Campaign, LearningPoint


@dataclass(frozen=True)
class PointRule:
    """The campaigns, the subtrees their scopes name and the exemptions, read once (for a form
    or a whole file) in three queries."""

    by_document: dict[int, Campaign]
    subtrees: dict[int, tuple[str, ...]]
    exempt: frozenset[tuple[int, int]]

    @classmethod
    def load(cls) -> PointRule:
        campaigns = list(Campaign.objects.all())
        codes = {code for c in campaigns for code in (c.scope or {}).get("under", ())}
        paths = dict(Organisation.objects.filter(code__in=codes).values_list("code", "path"))
        subtrees = {
            c.pk: tuple(paths[code] for code in c.scope["under"] if code in paths)
            for c in campaigns
            if (c.scope or {}).get("under")
        }
        return cls(
            by_document={c.document_id: c for c in campaigns},
            subtrees=subtrees,
            exempt=frozenset(Exemption.objects.values_list("campaign_id", "organisation_id")),
        )

    def calls(self, campaign: Campaign, unit: Organisation) -> bool:
        """Whether the campaign calls the unit: in its scope, not exempt."""
        return (
            scope_holds(campaign, unit, self.subtrees.get(campaign.pk))
            and (campaign.pk, unit.pk) not in self.exempt
        )

    def open_to(self, unit: Organisation | None, day: datetime.date | None = None):
        """The open campaigns a unit may record sessions for (on `day`, if given), newest
        first; every open one when the unit is not known yet."""
        campaigns = [
            c
            for c in self.by_document.values()
            if c.is_open  # first: a draft may have no opening day to sort by
            and (unit is None or self.calls(c, unit))
            and (day is None or c.runs_on(day))
        ]
        return sorted(campaigns, key=lambda c: (c.opens_on, c.pk), reverse=True)

    def why_not(self, campaign: Campaign | None, unit: Organisation, day) -> str:
        """Why a new session of `unit` held on `day` may not count for `campaign`, or ""."""
        if campaign is None:
            return _("A learning point must belong to a campaign.")
        names = {"campaign": campaign.label, "unit": unit.name}
        if campaign.status == Campaign.Status.DRAFT:
            return _("“%(campaign)s” is not published yet.") % names
        if campaign.status == Campaign.Status.CLOSED:
            return _("“%(campaign)s” has closed: it takes no new sessions.") % names
        if day is not None and not campaign.runs_on(day):
            names.update(opens=f"{campaign.opens_on:%Y-%m-%d}", day=f"{day:%Y-%m-%d}")
            if campaign.closes_on is None:
                return _("“%(campaign)s” opened on %(opens)s, after %(day)s.") % names
            names["closes"] = f"{campaign.closes_on:%Y-%m-%d}"
            return _("“%(campaign)s” runs from %(opens)s to %(closes)s, not on %(day)s.") % names
        if (campaign.pk, unit.pk) in self.exempt:
            return _("%(unit)s is exempt from “%(campaign)s”.") % names
        if not self.calls(campaign, unit):
            return _("“%(campaign)s” does not call %(unit)s to take part.") % names
        return ""


def session_points(
    points: Iterable[LearningPoint] | None,
    *,
    unit: Organisation | None = None,
    held_on: datetime.date | None = None,
    kept: Iterable[int] = (),
    rule: PointRule | None = None,
) -> list[LearningPoint]:
    """The learning points of a session: at least one, and, when its unit is given, each of a
    campaign that calls the unit and runs on the day (points it already had, `kept` by id,
    stay: a closed campaign's session can still be corrected)."""
    points = list(points or ())
    if not points:
        raise ValidationError(
            {"points": ValidationError(_("Choose at least one learning point."), code="required")}
        )
    if unit is None:
        return points
    rule = rule or PointRule.load()
    kept = set(kept)
    problems = []
    for document in dict.fromkeys(p.document_id for p in points if p.pk not in kept):
        if problem := rule.why_not(rule.by_document.get(document), unit, held_on):
            problems.append(ValidationError(problem, code="campaign"))
    if problems:
        raise ValidationError({"points": problems})
    return points


def reflection_point(point: LearningPoint, *, unit: Organisation, kept: int | None = None) -> None:
    """A reflection reflects on one point of one campaign: an open one that calls its unit (the
    point it already had stays, as for sessions)."""
    if point is None or point.pk == kept:
        return
    rule = PointRule.load()
    if problem := rule.why_not(rule.by_document.get(point.document_id), unit, None):
        raise ValidationError({"point": ValidationError(problem, code="campaign")})
