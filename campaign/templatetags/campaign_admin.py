"""The admin's date drill-down without scanning the table.

Django's `date_hierarchy` asks the database for MIN/MAX and then SELECT DISTINCT years, months or
days over every matching row, on every page load: a scan of the whole table at city scale. The
campaign's calendar is known in advance (from the decision's date to today), so this one lists
years, months and days from the calendar and lets the filter itself find the rows.
"""

import calendar
import datetime

from django import template
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
            "choices": [
                {
                    "link": link({year_field: year, month_field: month, day_field: d}),
                    "title": capfirst(
                        formats.date_format(datetime.date(year, month, d), "MONTH_DAY_FORMAT")
                    ),
                }
                for d in range(1, last + 1)
            ],
        }
    if year:
        first = CAMPAIGN_START.month if year == CAMPAIGN_START.year else 1
        last = today.month if year == today.year else 12
        return {
            "show": True,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": [
                {
                    "link": link({year_field: year, month_field: m}),
                    "title": capfirst(
                        formats.date_format(datetime.date(year, m, 1), "YEAR_MONTH_FORMAT")
                    ),
                }
                for m in range(first, last + 1)
            ],
        }
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": link({year_field: y}), "title": str(y)}
            for y in range(CAMPAIGN_START.year, today.year + 1)
        ],
    }
