"""The expected start of a campaign (`Campaign.expected_start`): how many of the units it calls
are past that day without a first session for it. A count for those who oversee whole districts
(campaign and district admins) on their dashboard: never a list of units, never ranked, never
public (the rules against formalism); organisers see their own units' list already."""

from __future__ import annotations

from django.utils import timezone

from campaign.querysets import reaches_whole_districts
from campaign.reports.sources import sessions_held


def units_past_expected_start(report) -> int | None:
    """The report's called units (its reach and filters) that have held no session on the
    campaign's points although its expected start has passed, counted in one query; None when
    the campaign names no such day, the day has not passed, or the user is not an admin."""
    campaign = report.campaign
    if campaign is None or campaign.expected_start is None:
        return None
    if not reaches_whole_districts(report.user):
        return None
    today = timezone.localdate()
    if today <= campaign.expected_start:
        return None
    held = sessions_held(campaign.opens_on, today, report.points)
    return report.units().exclude(pk__in=held).count()
