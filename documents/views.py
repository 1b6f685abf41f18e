"""The public pages: the portal's home (the campaigns), and each campaign's home, decision and
profile; a reader's own marks of the points they have studied."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from documents.cache import TIMEOUT, public_page
from documents.models import Campaign, LearningPoint, ProfileFact, StudiedPoint


def campaign_or_404(slug: str) -> Campaign:
    """A campaign readers may see, with its decision: open or closed (a draft answers 404 until
    previews come), the one lookup of every public page of `documents`."""
    return get_object_or_404(Campaign.objects.published().select_related("document"), slug=slug)


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
    campaign = campaign_or_404(slug)
    document = campaign.document
    points = list(document.points.select_related("paragraph"))
    purpose = document.paragraphs.filter(number__lt=points[0].paragraph.number).last()
    return render(
        request,
        "documents/campaign.html",
        {
            "campaign": campaign,
            "document": document,
            "points": points,
            "purpose": purpose,
            "studied": _studied(request, campaign),
            "fragment_timeout": TIMEOUT,
        },
    )


@public_page("decision")
def decision(request, slug: str):
    campaign = campaign_or_404(slug)
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
    return render(
        request,
        "documents/decision.html",
        {
            "campaign": campaign,
            "document": document,
            "sections": sections,
            "points": [point for _paragraphs, point in sections if point],
            "studied": _studied(request, campaign),
            "fragment_timeout": TIMEOUT,
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
    campaign = campaign_or_404(slug)
    if not campaign.has_profile:
        raise Http404("This campaign's decision has no profile.")
    facts = list(campaign.document.profile_facts.select_related("paragraph"))
    sections = [
        (kind, label, [fact for fact in facts if fact.kind == kind])
        for kind, label in ProfileFact.Kind.choices
    ]
    return render(
        request,
        "documents/profile.html",
        {
            "campaign": campaign,
            "document": campaign.document,
            "sections": sections,
            "fragment_timeout": TIMEOUT,
        },
    )
