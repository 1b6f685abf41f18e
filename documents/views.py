"""The public pages: the portal's home (the campaigns), and each campaign's home, decision and
profile; a reader's own marks of the points they have studied."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from documents.cache import TIMEOUT, public_page
from documents.models import (
    MANAGE_CAMPAIGNS_PERMISSION,
    Campaign,
    LearningPoint,
    ProfileFact,
    StudiedPoint,
)


def campaign_or_404(slug: str) -> Campaign:
    """A campaign readers may see, with its decision: open or closed; a draft answers 404."""
    return get_object_or_404(Campaign.objects.published().select_related("document"), slug=slug)


def viewable_or_404(request, slug: str) -> Campaign:
    """`campaign_or_404`, and a draft for those who may preview it (campaign admins): the one
    lookup of the public pages. Everyone else gets the same 404 as for a slug that does not
    exist, so whether a draft is being prepared is not told."""
    campaigns = Campaign.objects.select_related("document")
    if not request.user.has_perm(MANAGE_CAMPAIGNS_PERMISSION):
        campaigns = campaigns.published()
    return get_object_or_404(campaigns, slug=slug)


def _render(request, template: str, context: dict):
    """A campaign's page; a draft's as a preview: marked 草稿预览, its fragments never cached
    (timeout 0) and the page never kept by a browser or proxy. (The page cache serves only
    anonymous readers, who never get a draft.)"""
    campaign = context["campaign"]
    preview = campaign.is_draft
    context.update(preview=preview, fragment_timeout=0 if preview else TIMEOUT)
    response = render(request, template, context)
    if preview:
        add_never_cache_headers(response)
    return response


def _studied(request, campaign: Campaign) -> set[int] | None:
    """The numbers of the campaign's points the signed-in reader marked studied; None for
    anonymous readers, of whom nothing is recorded."""
    if not request.user.is_authenticated:
        return None
    return set(
        StudiedPoint.objects.filter(
            user=request.user, point__document=campaign.document_id
        ).values_list("point__number", flat=True)
    )


@public_page("home")
def home(request):
    """Open campaigns first, real ones before samples, the newest first; the closed ones below
    as an archive, real ones before samples, the last to close first; drafts never."""
    campaigns = list(
        Campaign.objects.published()
        .select_related("document")
        .order_by("is_sample", "-opens_on", "slug")
    )
    return render(
        request,
        "documents/home.html",
        {
            "open_campaigns": [c for c in campaigns if c.status == Campaign.Status.OPEN],
            # Stable sorts: real before samples, then the last to close first.
            "closed_campaigns": sorted(
                sorted(
                    (c for c in campaigns if c.status == Campaign.Status.CLOSED),
                    key=lambda c: (c.closes_on or c.opens_on, c.opens_on),
                    reverse=True,
                ),
                key=lambda c: c.is_sample,
            ),
            "fragment_timeout": TIMEOUT,
        },
    )


@public_page("campaign")
def campaign_home(request, slug: str):
    campaign = viewable_or_404(request, slug)
    document = campaign.document
    points = list(document.points.select_related("paragraph"))
    # A draft may have no points yet: its preview shows its text without them.
    purpose = (
        document.paragraphs.filter(number__lt=points[0].paragraph.number).last() if points else None
    )
    return _render(
        request,
        "documents/campaign.html",
        {
            "campaign": campaign,
            "document": document,
            "points": points,
            "purpose": purpose,
            "studied": _studied(request, campaign),
        },
    )


@public_page("decision")
def decision(request, slug: str):
    campaign = viewable_or_404(request, slug)
    document = campaign.document
    # The text in sections that each end with a learning point, so a signed-in reader's "studied"
    # button can follow each point while the sections themselves come from the cache.
    sections, section = [], []
    for paragraph in document.paragraphs.select_related("learning_point"):
        section.append(paragraph)
        point = getattr(paragraph, "learning_point", None)
        if point is not None:
            sections.append((section, point))
            section = []
    sections.append((section, None))
    return _render(
        request,
        "documents/decision.html",
        {
            "campaign": campaign,
            "document": document,
            "sections": sections,
            "points": [point for _paragraphs, point in sections if point],
            "studied": _studied(request, campaign),
        },
    )


@require_POST
@login_required
def mark_studied(request, slug: str, number: int):
    """Mark a point studied, or take the mark back (`studied=0`); twice is the same as once."""
    campaign = campaign_or_404(slug)
    point = get_object_or_404(LearningPoint, document=campaign.document, number=number)
    if request.POST.get("studied") == "0":
        StudiedPoint.objects.filter(user=request.user, point=point).delete()
    else:
        StudiedPoint.objects.get_or_create(user=request.user, point=point)
    return redirect(f"{point.get_absolute_url()}-studied")


@public_page("profile")
def profile(request, slug: str):
    """The person the decision honours, every fact quoted from it; 404 when it honours no one."""
    campaign = viewable_or_404(request, slug)
    if not campaign.has_profile:
        raise Http404("This campaign's decision has no profile.")
    facts = list(campaign.document.profile_facts.select_related("paragraph"))
    sections = [
        (kind, label, [fact for fact in facts if fact.kind == kind])
        for kind, label in ProfileFact.Kind.choices
    ]
    return _render(
        request,
        "documents/profile.html",
        {
            "campaign": campaign,
            "document": campaign.document,
            "sections": sections,
        },
    )
