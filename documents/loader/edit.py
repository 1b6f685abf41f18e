"""Changes a campaign admin makes in the backend to a campaign already stored: its points, its
profile, corrections of its text, its scope and period, publishing and closing. Each builds the
campaign as the write path takes it (`CampaignData`) and hands it to `write_campaign`, so a
change from the backend and a reload from files follow the same rules and leave the same
history (who, when, what)."""

import dataclasses
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.loader.folder import CampaignData, ParsedFact, ParsedPoint
from documents.loader.text import ParsedDecision, first_sentence
from documents.loader.write import write_campaign
from documents.models import Campaign


def stored_campaign(campaign: Campaign) -> CampaignData:
    """The campaign as it is stored, in the form `write_campaign` takes (four queries)."""
    document = campaign.document
    texts = list(document.paragraphs.order_by("number").values_list("text", flat=True))
    points = list(document.points.select_related("paragraph"))
    facts = list(document.profile_facts.select_related("paragraph"))
    return CampaignData(
        slug=campaign.slug,
        name=campaign.name,
        status=campaign.status,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        is_sample=campaign.is_sample,
        scope=campaign.scope or {},
        honours=campaign.honours,
        decision=ParsedDecision(
            issuers=document.issuer_list,
            number=document.number,
            title=document.title,
            paragraphs=texts,
            issued_on=document.issued_on,
            distribution=document.distribution,
            headings={p.paragraph.number: p.heading for p in points},
        ),
        points=[ParsedPoint(p.number, p.heading, p.short_name, p.paragraph.number) for p in points],
        facts=[ParsedFact(f.kind, f.text, f.paragraph.number) for f in facts],
        expected_start=campaign.expected_start,
    )


def campaign_edit(
    campaign: Campaign,
    *,
    by,
    paragraphs: list[str],
    points: list[tuple[int, str]],
    facts: list[tuple[str, str, int]],
    **fields,
) -> dict[str, int]:
    """Write the backend's form: the paragraphs' texts (corrections), the points as (paragraph
    number, short name) in order, the facts as (kind, text, paragraph number), and the
    campaign's own `fields` (name, period, scope, …). The form has checked them; a point's
    heading is its paragraph's first sentence."""
    stored = stored_campaign(campaign)
    decision = dataclasses.replace(
        stored.decision,
        paragraphs=paragraphs,
        headings={n: first_sentence(paragraphs[n - 1]) for n, _name in points},
    )
    data = dataclasses.replace(
        stored,
        decision=decision,
        points=[
            ParsedPoint(number, decision.headings[paragraph], short_name, paragraph)
            for number, (paragraph, short_name) in enumerate(points, start=1)
        ],
        facts=[ParsedFact(kind, text, paragraph) for kind, text, paragraph in facts],
        **fields,
    )
    return write_campaign(data, by=by)


def publish_problems(campaign: Campaign) -> list[str]:
    """Why the campaign cannot be published now, in words for its admin; [] when it can."""
    if campaign.status != Campaign.Status.DRAFT:
        return [_("Only a draft can be published.")]
    problems = []
    if not campaign.document.points.exists():
        problems.append(_("Mark at least one paragraph that states a learning point."))
    if campaign.opens_on is None:
        problems.append(_("Give the campaign its period: the day it opens."))
    return problems


def campaign_publish(campaign: Campaign, *, by) -> None:
    """Draft → open: readers see its pages, the units in its scope record sessions for it."""
    if problems := publish_problems(campaign):
        raise ValueError(" ".join(problems))
    _set_status(campaign, Campaign.Status.OPEN, by=by)


def campaign_close(campaign: Campaign, *, by) -> None:
    """Open → closed: no new sessions; its pages, reports and 汇总表 stay, as an archive. An
    open-ended campaign ends the day it is closed (never before it opened), so that its reports'
    period ends there rather than running on to each day they are read."""
    if campaign.status != Campaign.Status.OPEN:
        raise ValueError(_("Only an open campaign can be closed."))
    closes_on = campaign.closes_on or max(timezone.localdate(), campaign.opens_on)
    _set_status(campaign, Campaign.Status.CLOSED, by=by, closes_on=closes_on)


def _set_status(campaign: Campaign, status: str, *, by, **fields) -> None:
    write_campaign(dataclasses.replace(stored_campaign(campaign), status=status, **fields), by=by)
    campaign.status = status
    for name, value in fields.items():
        setattr(campaign, name, value)


def copied_from(earlier: Campaign, campaign: Campaign, points: list[int]) -> dict:
    """What a new campaign takes from an earlier one: the short names of its points by order
    (for the paragraphs `points` marks, in order), its scope, and the length of its period
    from the new one's opening day. Never its text."""
    names = list(earlier.document.points.values_list("short_name", flat=True))
    copied = {
        "short_names": dict(zip(points, names, strict=False)),
        "scope": dict(earlier.scope or {}),
    }
    opens: date | None = campaign.opens_on
    if opens is not None and earlier.opens_on is not None:
        if earlier.closes_on is not None:
            copied["closes_on"] = opens + (earlier.closes_on - earlier.opens_on)
        if earlier.expected_start is not None:
            copied["expected_start"] = opens + (earlier.expected_start - earlier.opens_on)
    return copied
