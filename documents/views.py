"""The public pages: the home page, the decision and Li Bin's profile; a reader's own marks of
the points they have studied."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from documents.cache import TIMEOUT, public_page
from documents.models import DECISION_SLUG, Document, LearningPoint, ProfileFact, StudiedPoint


def decision_or_404() -> Document:
    """The decision every public page shows (the showcase's too); 404 before it is loaded."""
    return get_object_or_404(Document, slug=DECISION_SLUG)


def _studied(request) -> set[int] | None:
    """The numbers of the points the signed-in reader marked studied; None for anonymous
    readers, of whom nothing is recorded."""
    if not request.user.is_authenticated:
        return None
    return set(
        StudiedPoint.objects.filter(user=request.user).values_list("point__number", flat=True)
    )


@public_page("home")
def home(request):
    document = decision_or_404()
    points = list(LearningPoint.objects.select_related("paragraph"))
    purpose = document.paragraphs.filter(number__lt=points[0].paragraph.number).last()
    return render(
        request,
        "documents/home.html",
        {
            "document": document,
            "points": points,
            "purpose": purpose,
            "studied": _studied(request),
            "fragment_timeout": TIMEOUT,
        },
    )


@public_page("decision")
def decision(request):
    document = decision_or_404()
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
            "document": document,
            "sections": sections,
            "studied": _studied(request),
            "fragment_timeout": TIMEOUT,
        },
    )


@require_POST
@login_required
def mark_studied(request, number: int):
    """Mark a point studied, or take the mark back (`studied=0`); twice is the same as once."""
    point = get_object_or_404(LearningPoint, number=number)
    if request.POST.get("studied") == "0":
        StudiedPoint.objects.filter(user=request.user, point=point).delete()
    else:
        StudiedPoint.objects.get_or_create(user=request.user, point=point)
    return redirect(f"{point.get_absolute_url()}-studied")


@public_page("profile")
def profile(request):
    document = decision_or_404()
    facts = list(ProfileFact.objects.select_related("paragraph"))
    sections = [
        (kind, label, [fact for fact in facts if fact.kind == kind])
        for kind, label in ProfileFact.Kind.choices
    ]
    return render(
        request,
        "documents/profile.html",
        {"document": document, "sections": sections, "fragment_timeout": TIMEOUT},
    )
