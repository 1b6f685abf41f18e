"""Search over the decisions' paragraphs and the showcase's reflections, across every published
campaign (open or closed, never a draft), each hit with its campaign.

Chinese has no spaces between words, so a search is a substring match (`icontains`). On
PostgreSQL the showcase's titles and texts carry trigram indexes limited to the showcase
(migration 0012), so a query of two characters or more stays an index scan at 500,000
reflections; SQLite scans, which suits its small sites.
"""

import itertools
import re

from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from campaign.campaigns import campaign_order
from campaign.models import Reflection
from documents.models import Campaign, LearningPoint, Paragraph


def paragraphs(query: str) -> list[tuple[Campaign, list[Paragraph]]]:
    """The paragraphs of the published decisions that hold `query`, in one query, grouped by
    campaign in the portal's order (open first, real before samples, newest first)."""
    found = (
        Paragraph.objects.filter(
            document__campaign__in=Campaign.objects.published(), text__icontains=query
        )
        .select_related("document__campaign")
        .order_by(*campaign_order("document__campaign__"), "number")
    )
    return [
        (group[0].document.campaign, group)
        for group in (
            list(rows) for _document, rows in itertools.groupby(found, lambda p: p.document_id)
        )
    ]


def published_points() -> QuerySet[LearningPoint]:
    """The points of the published campaigns, as a subquery: a draft's reflections are not
    public however they are reviewed, as its pages are not."""
    return LearningPoint.objects.filter(document__campaign__in=Campaign.objects.published())


# A query found in a great many public reflections is counted up to COUNTED_MOST, and then only
# the newest LISTED_MOST are listed: a reader refines the words rather than read page 400.
COUNTED_MOST = 1000
LISTED_MOST = 200


class Results:
    """The public reflections a query finds, as Django's Paginator reads them: the count, at
    most COUNTED_MOST rows read for it, and each page newest first.

    On PostgreSQL, a query found in few reflections is served by the trigram indexes (their
    matches, then sorted); one found in a great many would make those read and sort every match
    (a second at the benchmark's 83,000), so its pages are read along the showcase's own index,
    newest first, where the first matches come at once.
    """

    def __init__(self, query: str):
        self.queryset = reflections(query)
        self.total = self.queryset.order_by()[: COUNTED_MOST + 1].count()
        self.more = self.total > COUNTED_MOST

    def count(self) -> int:
        return LISTED_MOST if self.more else self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Reflection]:
        db = self.queryset.db
        if not (self.more and connections[db].vendor == "postgresql"):
            return list(self.queryset[page])
        # The page's ids first, read along the showcase's index in its order (no bitmap, no sort:
        # the planner, which cannot tell how common a word is, would otherwise start from the
        # trigram index or from the units), with settings for this read alone, in a savepoint
        # rolled back at its end; then those rows.
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_bitmapscan', 'off', true), "
                "set_config('enable_seqscan', 'off', true), "
                "set_config('enable_sort', 'off', true)"
            )
            ids = list(self.queryset.values_list("pk", flat=True)[page])
            transaction.set_rollback(True, using=db)
        rows = self.queryset.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


def reflections(query: str) -> QuerySet[Reflection]:
    return (
        Reflection.objects.showcased()
        .filter(Q(title__icontains=query) | Q(body__icontains=query), point__in=published_points())
        .select_related(
            "organisation", "point__document__campaign", "quoted_paragraph__document__campaign"
        )
        .order_by("-created_at", "-pk")
    )


def highlighted(text: str, query: str, width: int = 120) -> SafeString:
    """The passage of `text` around the first match, each match in <mark>; every piece of text
    is escaped, so neither the text nor the query can ever become markup."""
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(text), start + width)
    passage = text[start:end]
    pieces, at = [], 0
    for match in pattern.finditer(passage):
        pieces.append(conditional_escape(passage[at : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        at = match.end()
    pieces.append(conditional_escape(passage[at:]))
    lead, tail = ("…" if start else ""), ("…" if end < len(text) else "")
    return mark_safe(lead + "".join(pieces) + tail)  # noqa: S308 (every piece escaped above)
