"""The admin's date drill-down without scanning the table.

Django's `date_hierarchy` asks the database for MIN/MAX and then SELECT DISTINCT years, months or
days over every matching row, on every page load: a scan of the whole table at city scale. The
campaign's calendar is known in advance (from the decision's date to today), so this one takes
its years, months and days from the calendar, and keeps those with a row in the list as filtered:
one query of an EXISTS per choice (at most 31), each stopping at its first row in the date index.
"""

import calendar
import datetime

from django import template
from django.db import models
from django.db.models import Exists
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from campaign.models import CAMPAIGN_START

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def calendar_hierarchy(cl):
    field = cl.date_hierarchy
    year_field, month_field, day_field = f"{field}__year", f"{field}__month", f"{field}__day"
    today = timezone.localdate()

    def param(name):
        try:
            return int(cl.params.get(name))
        except (TypeError, ValueError):
            return None

    def link(filters):
        return cl.get_query_string(filters, [f"{field}__"])

    def with_rows(choices):
        """The choices (`{"link", "title", "span": (first, last day)}`) with rows in the list."""
        spans = [choice.pop("span") for choice in choices]
        found = _rows_in(cl.queryset, field, spans)
        return [choice for choice, has_rows in zip(choices, found, strict=True) if has_rows]

    year, month, day = param(year_field), param(month_field), param(day_field)
    if year and month and day:
        chosen = datetime.date(year, month, day)
        return {
            "show": True,
            "back": {
                "link": link({year_field: year, month_field: month}),
                "title": capfirst(formats.date_format(chosen, "YEAR_MONTH_FORMAT")),
            },
            "choices": [{"title": capfirst(formats.date_format(chosen, "MONTH_DAY_FORMAT"))}],
        }
    if year and month:
        last = calendar.monthrange(year, month)[1]
        if (year, month) == (today.year, today.month):
            last = today.day
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": with_rows(
                [
                    {
                        "link": link({year_field: year, month_field: month, day_field: d}),
                        "title": capfirst(
                            formats.date_format(datetime.date(year, month, d), "MONTH_DAY_FORMAT")
                        ),
                        "span": (datetime.date(year, month, d),) * 2,
                    }
                    for d in range(1, last + 1)
                ]
            ),
        }
    if year:
        first = CAMPAIGN_START.month if year == CAMPAIGN_START.year else 1
        last = today.month if year == today.year else 12
        return {
            "show": True,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": with_rows(
                [
                    {
                        "link": link({year_field: year, month_field: m}),
                        "title": capfirst(
                            formats.date_format(datetime.date(year, m, 1), "YEAR_MONTH_FORMAT")
                        ),
                        "span": (
                            datetime.date(year, m, 1),
                            datetime.date(year, m, calendar.monthrange(year, m)[1]),
                        ),
                    }
                    for m in range(first, last + 1)
                ]
            ),
        }
    return {
        "show": True,
        "back": None,
        "choices": with_rows(
            [
                {
                    "link": link({year_field: y}),
                    "title": str(y),
                    "span": (datetime.date(y, 1, 1), datetime.date(y, 12, 31)),
                }
                for y in range(CAMPAIGN_START.year, today.year + 1)
            ]
        ),
    }


def _rows_in(queryset, field: str, spans: list[tuple]) -> list[bool]:
    """Whether `queryset` has a row with `field` on a day of each (first, last) span: one query.
    A date-time field is compared by the local day, as the drill-down's filter does."""
    if not spans:
        return []
    zone = timezone.get_current_timezone()
    timed = isinstance(queryset.model._meta.get_field(field), models.DateTimeField)

    def bounds(first, last):
        after = last + datetime.timedelta(days=1)
        if timed:
            first = datetime.datetime.combine(first, datetime.time.min, zone)
            after = datetime.datetime.combine(after, datetime.time.min, zone)
        return {f"{field}__gte": first, f"{field}__lt": after}

    found = {
        f"span_{n}": Exists(queryset.order_by().filter(**bounds(*span)))
        for n, span in enumerate(spans)
    }
    # One row of the table carries the answers (none: the table is empty, so nothing is found).
    row = queryset.model._base_manager.order_by().annotate(**found).values(*found).first()
    return [bool(row and row[name]) for name in found]
