"""Where a report's figures come from: the roll-ups or the raw rows, giving the same numbers.

A source answers three questions about a report's scope and filters: the sums of each
(district, kind) group, the sums of each month, and which units studied (a point) in a period,
as boolean annotations on a queryset of units. `Rollups` reads `MonthlyFigures`, `DailyFigures`
and `UnitActivity`: at city scale some ten thousand short rows, whatever the number of sessions.
`Live` aggregates the sessions and reflections themselves: exact by definition, fast for an
organiser's few units, and the reference the roll-ups are tested against.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from campaign.models import (
    CAMPAIGN_START,
    POINT_NUMBERS,
    DailyFigures,
    MonthlyFigures,
    StudySession,
)
from campaign.models.figures import COUNTERS, ERA_MONTHS, month_index
from campaign.services.rollups import covers, reflection_sums, session_sums

FIGURES_GROUPED_BY = ("district", "kind")
# A condition on units: a session (on the point, or on any when None) from the first day to the
# last.
Period = tuple[datetime.date, datetime.date, int | None]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return (month_start(day) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(1)


def split(start: datetime.date, end: datetime.date):
    """The whole months of [start, end] (first and last, or None) and the days at either edge
    that do not fill a month, as (first, last) ranges.

    No session is held before the campaign began or after today (both are validated), so a
    period reaching back to the campaign's first day, or up to today, takes in that month whole.
    """
    if start <= CAMPAIGN_START:
        start = month_start(CAMPAIGN_START)
    if end >= timezone.localdate():
        end = month_end(end)
    first = start if start.day == 1 else month_end(start) + datetime.timedelta(1)
    last = end if end == month_end(end) else month_start(end) - datetime.timedelta(1)
    if first > last:  # no whole month inside: the period is all edge
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - datetime.timedelta(1)))
    if last < end:
        edges.append((last + datetime.timedelta(1), end))
    return (first, last), edges


class Source:
    def __init__(self, report):
        self.report = report  # the Report asking: its user, period and filters

    def totals(self, rows) -> dict[str, int]:
        total = dict.fromkeys(COUNTERS, 0)
        for row in rows.values():
            for name in COUNTERS:
                total[name] += row.get(name) or 0
        return total


class Rollups(Source):
    """For the city's and a district's scope: the roll-ups, filtered as the report asks."""

    def _figures(self) -> list[QuerySet]:
        """The figures of the period: the monthly ones of its whole months, the daily ones of
        the days at its edges (see `split`)."""
        report = self.report
        months, edges = split(report.start, report.until)
        parts = [MonthlyFigures.objects.filter(month__range=months)] if months else []
        parts += [DailyFigures.objects.filter(day__range=edge) for edge in edges]
        return [self._filtered(part.filter(active=True)).order_by() for part in parts]

    def _filtered(self, figures: QuerySet) -> QuerySet:
        report = self.report
        if report.scope_district is not None:
            figures = figures.filter(district=report.scope_district)
        if report.district is not None:
            figures = figures.filter(district=report.district)
        if report.kind:
            figures = figures.filter(kind=report.kind)
        return figures

    def by_group(self) -> dict[tuple, dict[str, int]]:
        sums = {name: Sum(name) for name in COUNTERS}
        parts = [part.values(*FIGURES_GROUPED_BY).annotate(**sums) for part in self._figures()]
        rows: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
        for row in parts[0].union(*parts[1:], all=True):
            total = rows[(row.pop("district"), row.pop("kind"))]
            for name, value in row.items():
                total[name] += value or 0
        return dict(rows)

    def by_month(self) -> dict[datetime.date, dict[str, int]]:
        sums = {"sessions": Sum("sessions"), "participants": Sum("participants")}
        parts = [
            part.annotate(start=TruncMonth(_date_field(part.model)))
            .values("start")
            .annotate(**sums)
            for part in self._figures()
        ]
        rows: dict[datetime.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(sums, 0))
        for row in parts[0].union(*parts[1:], all=True):
            total = rows[_date(row.pop("start"))]
            for name, value in row.items():
                total[name] += value or 0
        return dict(rows)

    def studied_units(self, units, conditions: dict[str, Period]) -> QuerySet:
        """`units`, each with a boolean per condition: whether it held a session (on the point)
        in the period. Whole months read the units' activity masks (one join per era the
        months fall in), the days at an edge the raw sessions of those days."""
        plans = {
            name: (*split(start, end), point) for name, (start, end, point) in conditions.items()
        }
        eras = set()
        for months, _edges, _point in plans.values():
            if months:
                eras.update(
                    range(
                        month_index(months[0]) // ERA_MONTHS,
                        month_index(months[1]) // ERA_MONTHS + 1,
                    )
                )
        units = units.annotate(
            **{
                f"era_{era}": FilteredRelation("activity", condition=Q(activity__era=era))
                for era in sorted(eras)
            }
        )
        annotations = {}
        for name, (months, edges, point) in plans.items():
            numbers = [point] if point else POINT_NUMBERS
            condition = Q(pk__in=[])
            if months:
                first, last = month_index(months[0]), month_index(months[1])
                for era in range(first // ERA_MONTHS, last // ERA_MONTHS + 1):
                    mask = _mask(first - era * ERA_MONTHS, last - era * ERA_MONTHS)
                    for number in numbers:
                        # A unit without sessions in the era has no row: NULL, read as 0.
                        held = Coalesce(F(f"era_{era}__point_{number}"), 0).bitand(mask)
                        condition |= Q(GreaterThan(held, 0))
            for edge in edges:
                sessions = StudySession.objects.filter(held_on__range=edge)
                if point:
                    sessions = sessions.filter(covers(point))
                condition |= Q(pk__in=sessions.values("organisation"))
            annotations[name] = ExpressionWrapper(condition, output_field=BooleanField())
        return units.annotate(**annotations)


def _date_field(model) -> str:
    return "month" if model is MonthlyFigures else "day"


def _mask(low: int, high: int) -> int:
    """Bits low..high of an era's mask, clipped to the era."""
    low, high = max(low, 0), min(high, ERA_MONTHS - 1)
    return ((1 << (high + 1)) - 1) ^ ((1 << low) - 1)


class Live(Source):
    """The raw rows, aggregated: for an organiser's units, and as the roll-ups' reference."""

    def by_group(self) -> dict[tuple, dict[str, int]]:
        report = self.report
        rows: dict[tuple, dict[str, int]] = defaultdict(dict)
        # The units' own district, not the rows' copy of it: this is the roll-ups' reference.
        group = {"unit_district": F("organisation__district"), "unit_kind": F("organisation__kind")}
        for queryset, sums in (
            (report.sessions(), session_sums()),
            (report.reflections(), reflection_sums()),
        ):
            for row in queryset.order_by().values(**group).annotate(**sums):
                rows[(row.pop("unit_district"), row.pop("unit_kind"))].update(row)
        return dict(rows)

    def by_month(self) -> dict[datetime.date, dict[str, int]]:
        return {
            _date(row.pop("month")): row
            for row in self.report.sessions()
            .order_by()
            .annotate(month=TruncMonth("held_on"))
            .values("month")
            .annotate(sessions=Count("pk"), participants=Sum("participants"))
        }

    def studied_units(self, units, conditions: dict[str, Period]) -> QuerySet:
        annotations = {}
        for name, (start, end, point) in conditions.items():
            sessions = StudySession.objects.filter(
                organisation=OuterRef("pk"), held_on__range=(start, end)
            )
            if point:
                sessions = sessions.filter(covers(point))
            annotations[name] = Exists(sessions)
        return units.annotate(**annotations)


def _date(value) -> datetime.date:
    """TruncMonth gives a date on some databases and a datetime on others."""
    return value.date() if isinstance(value, datetime.datetime) else value
