"""A campaign's showcase (`/c/<slug>/reflections/`; the first campaign's also at
`/reflections/`), a reflection's page, and search across the published campaigns (`/search/`):
public pages, for anyone, showing only what `showcased()` allows."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from campaign.campaigns import campaigns_in_order
from campaign.models import Reflection
from campaign.showcase import search as searching
from campaign.showcase.forms import SearchForm, ShowcaseFilterForm

PAGE_SIZE = 20


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def showcase(request, slug: str):
    """The public reflections on one campaign's points, newest first, filtered by its points,
    districts and paragraphs. The published campaigns are read in one query: the one shown (a
    draft or an unknown slug answers 404) and the others' showcases to go to."""
    campaigns = list(campaigns_in_order())
    campaign = next((c for c in campaigns if c.slug == slug), None)
    if campaign is None:
        raise Http404("No published campaign has this address.")
    document = campaign.document
    paragraphs = list(document.paragraphs.all())
    points = list(document.points.all())
    form = ShowcaseFilterForm(request.GET or None, paragraphs=paragraphs, points=points)
    filters = form.cleaned_data if form.is_valid() else {}
    reflections = Reflection.objects.showcased().select_related(
        "organisation", "point", "quoted_paragraph__document__campaign"
    )
    # By primary keys already read: no join to the points' or paragraphs' tables.
    if filters.get("point"):
        reflections = reflections.filter(
            point__in=[p for p in points if p.number == filters["point"]]
        )
    else:
        reflections = reflections.filter(point__in=points)
    if filters.get("district") is not None:
        reflections = reflections.filter(district=filters["district"])
    if filters.get("paragraph"):
        reflections = reflections.filter(
            quoted_paragraph__in=[p for p in paragraphs if p.number == filters["paragraph"]]
        )
    page = Paginator(reflections.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "campaign/showcase/list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns,
            "form": form,
            "page": page,
            "filters": _query_without_page(request),
        },
    )


def reflection(request, pk: int):
    shown = get_object_or_404(
        Reflection.objects.showcased()
        .filter(point__in=searching.published_points())
        .select_related(
            "organisation", "point__document__campaign", "quoted_paragraph__document__campaign"
        ),
        pk=pk,
    )
    return render(
        request,
        "campaign/showcase/detail.html",
        {"reflection": shown, "campaign": shown.point.document.campaign},
    )


def search(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    context = {"form": form}
    if form.is_valid():
        query = form.cleaned_data["q"]
        found = searching.Results(query)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "query": query,
            # Each campaign whose decision holds the query, with its paragraphs that do.
            "paragraphs": [
                (
                    campaign,
                    [(p, searching.highlighted(p.text, query)) for p in campaign_paragraphs],
                )
                for campaign, campaign_paragraphs in searching.paragraphs(query)
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
