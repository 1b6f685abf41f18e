"""A unit's own ledger: what it studied across campaigns, each session once, with the campaigns
and points it served, and per campaign how many sessions and which points (never a ranking)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from campaign.models import Organisation, StudySession
from campaign.services.rollups import SessionPoint
from documents.models import Campaign, LearningPoint


@dataclass(frozen=True)
class CampaignLine:
    campaign: Campaign
    sessions: int
    points: list[LearningPoint]  # the campaign's points, each with `studied` set


def ledger_sessions(unit: Organisation) -> QuerySet[StudySession]:
    """The unit's own sessions, newest first, each with its points and their campaigns."""
    points = LearningPoint.objects.select_related("document__campaign").order_by(
        "document", "number"
    )
    return (
        StudySession.objects.filter(organisation=unit)
        .order_by("-held_on", "-pk")
        .prefetch_related(Prefetch("points", points))
    )


def ledger_campaigns(unit: Organisation) -> list[CampaignLine]:
    """Per published campaign the unit has sessions for: how many, and which points studied.
    Four queries, counted in the database."""
    links = SessionPoint.objects.filter(studysession__organisation=unit).order_by()
    sessions = dict(
        links.values_list("learningpoint__document").annotate(
            n=Count("studysession", distinct=True)
        )
    )
    studied = set(links.values_list("learningpoint", flat=True).distinct())
    campaigns = Campaign.objects.published().filter(document__in=sessions).order_by("-opens_on")
    points = defaultdict(list)
    for point in LearningPoint.objects.filter(document__in=sessions).order_by("number"):
        point.studied = point.pk in studied
        points[point.document_id].append(point)
    return [CampaignLine(c, sessions[c.document_id], points[c.document_id]) for c in campaigns]
