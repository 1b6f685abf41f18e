"""The showcase (`/reflections/`), a reflection's page, and search (`/search/`): public pages,
for anyone, showing only what `showcased()` allows."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from campaign.models import Reflection
from campaign.showcase import search as searching
from campaign.showcase.forms import SearchForm, ShowcaseFilterForm
from documents.models import FIRST_CAMPAIGN_SLUG
from documents.views import campaign_or_404

PAGE_SIZE = 20


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def showcase(request):
    # The first campaign's points and paragraphs, until the showcase chooses a campaign (issue 18).
    document = campaign_or_404(FIRST_CAMPAIGN_SLUG).document
    form = ShowcaseFilterForm(
        request.GET or None,
        paragraphs=list(document.paragraphs.all()),
        points=list(document.points.all()),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    reflections = Reflection.objects.showcased().select_related(
        "organisation", "point", "quoted_paragraph__document__campaign"
    )
    if filters.get("point"):
        reflections = reflections.filter(point__number=filters["point"])
    if filters.get("district") is not None:
        reflections = reflections.filter(district=filters["district"])
    if filters.get("paragraph"):
        reflections = reflections.filter(
            quoted_paragraph__document=document, quoted_paragraph__number=filters["paragraph"]
        )
    page = Paginator(reflections.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "campaign/showcase/list.html",
        {"form": form, "page": page, "filters": _query_without_page(request)},
    )


def reflection(request, pk: int):
    shown = get_object_or_404(
        Reflection.objects.showcased().select_related(
            "organisation", "point__document__campaign", "quoted_paragraph__document__campaign"
        ),
        pk=pk,
    )
    return render(request, "campaign/showcase/detail.html", {"reflection": shown})


def search(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    context = {"form": form}
    if form.is_valid():
        query = form.cleaned_data["q"]
        document = campaign_or_404(FIRST_CAMPAIGN_SLUG).document
        found = searching.Results(query)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "query": query,
            "paragraphs": [
                (paragraph, searching.highlighted(paragraph.text, query))
                for paragraph in searching.paragraphs(document, query)
            ]
            if page.number == 1
            else [],
            "page": page,
            "results": [
                (
                    item,
                    searching.highlighted(item.body, query),
                    searching.highlighted(item.title, query, 200),
                )
                for item in page.object_list
            ],
            "filters": _query_without_page(request),
            "more": found.more,
            "counted_most": searching.COUNTED_MOST,
            "listed_most": searching.LISTED_MOST,
        }
    return render(request, "campaign/showcase/search.html", context)
