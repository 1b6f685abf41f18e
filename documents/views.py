"""The public pages: the home page, the decision and Li Bin's profile."""

from django.shortcuts import get_object_or_404, render

from documents.cache import TIMEOUT, public_page
from documents.models import DECISION_SLUG, Document, LearningPoint, ProfileFact


def _decision() -> Document:
    return get_object_or_404(Document, slug=DECISION_SLUG)


@public_page("home")
def home(request):
    document = _decision()
    points = list(LearningPoint.objects.select_related("paragraph"))
    purpose = document.paragraphs.filter(number__lt=points[0].paragraph.number).last()
    return render(
        request,
        "documents/home.html",
        {"document": document, "points": points, "purpose": purpose, "fragment_timeout": TIMEOUT},
    )


@public_page("decision")
def decision(request):
    document = _decision()
    paragraphs = document.paragraphs.select_related("learning_point")
    return render(
        request,
        "documents/decision.html",
        {"document": document, "paragraphs": paragraphs, "fragment_timeout": TIMEOUT},
    )


@public_page("profile")
def profile(request):
    document = _decision()
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
