"""The showcase on the public pages of `documents` (which may not import the campaign): how many
public reflections quote each paragraph of a campaign's decision, with a link to that campaign's
showcase, and each point's newest one. Read when a cached fragment is rendered; `services`
forgets the cached pages when the showcase changes."""

from django import template
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse

from campaign.models import Reflection
from documents.models import LearningPoint

register = template.Library()


@register.simple_tag(takes_context=True)
def quoted_counts(context) -> dict[int, int]:
    """{paragraph pk: public reflections quoting it}, in one GROUP BY a page, however many of its
    cached sections are rendered anew (`render_context` lasts the whole page)."""
    if "quoted_counts" not in context.render_context:
        context.render_context["quoted_counts"] = _quoted_counts()
    return context.render_context["quoted_counts"]


def _quoted_counts() -> dict[int, int]:
    rows = (
        Reflection.objects.showcased()
        .filter(quoted_paragraph__isnull=False)
        .order_by()
        .values("quoted_paragraph")
        .annotate(n=Count("pk"))
    )
    return {row["quoted_paragraph"]: row["n"] for row in rows}


@register.inclusion_tag("campaign/showcase/quoted_link.html")
def quoted_link(counts: dict[int, int], paragraph, slug: str) -> dict:
    """The link from a paragraph of campaign `slug`'s decision to its showcase's reflections
    quoting it."""
    return {
        "count": counts.get(paragraph.pk, 0),
        "number": paragraph.number,
        "url": f"{reverse('campaign:campaign-showcase', args=[slug])}?paragraph={paragraph.number}",
    }


@register.simple_tag
def newest_showcased(document) -> dict[int, Reflection]:
    """{point number: its newest public reflection} for the points of `document` (a campaign's
    decision): two queries, whatever the table's size."""
    newest = Subquery(
        Reflection.objects.showcased()
        .filter(point=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    ids = [
        pk
        for pk in LearningPoint.objects.filter(document=document)
        .annotate(newest=newest)
        .values_list("newest", flat=True)
        if pk
    ]
    return {
        reflection.point.number: reflection
        for reflection in Reflection.objects.filter(pk__in=ids).select_related(
            "point", "organisation"
        )
    }
