"""Which campaigns a user works with: the published ones whose scope reaches into theirs, open
ones first, real ones before samples, the newest first; the first of them is their current one,
which reports, lists and reminders show until another is chosen."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from campaign.models import Organisation
from documents.models import Campaign


def campaign_order(path: str = "") -> list:
    """The order of campaigns everywhere: open ones first, real ones before samples, the newest
    first; `path` leads to the campaign from another model (e.g. "document__campaign__")."""
    is_open = Case(
        When(**{f"{path}status": Campaign.Status.OPEN}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return [is_open, f"{path}is_sample", f"-{path}opens_on", f"{path}slug"]


def campaigns_in_order():
    """Published campaigns: open ones first, real ones before samples, the newest first."""
    return Campaign.objects.published().select_related("document").order_by(*campaign_order())


def campaigns_of(user) -> list[Campaign]:
    """The published campaigns whose scope holds at least one organisation within the user's
    reach (every one for a campaign admin)."""
    campaigns = list(campaigns_in_order())
    if user.is_campaign_admin:
        return campaigns
    reach = Organisation.objects.visible_to(user)
    return [c for c in campaigns if not c.scope or reach.in_scope_of(c).exists()]


def current_campaign(user, slug: str | None = None) -> Campaign | None:
    """The campaign of that slug among the user's, else their first (None: none published)."""
    campaigns = campaigns_of(user)
    for campaign in campaigns:
        if campaign.slug == slug:
            return campaign
    return campaigns[0] if campaigns else None


def points_by_campaign(points) -> str:
    """Points (with `document__campaign` loaded) as each campaign's name and its points' short
    names: 向李斌同志学习：政治品格、敬业精神；… ."""
    groups: dict[str, list[str]] = {}
    for point in sorted(points, key=lambda p: (p.document_id, p.number)):
        groups.setdefault(point.document.campaign.label, []).append(point.short_name)
    return "；".join(f"{label}：{'、'.join(names)}" for label, names in groups.items())
