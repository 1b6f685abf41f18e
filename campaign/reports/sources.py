"""Where a report's figures come from: the roll-ups or the raw rows, giving the same numbers.

A source answers five questions about a report's decision, scope and filters: the sums of each
(district, kind) group, the sums of each learning point, the sums of each month, which of the
decision's points each unit studied in a period (as SQL: a unit's "studied" mask has bit n - 1
set when it held a session on point n) and which units held a session lately. `Rollups` reads
`MonthlyFigures`, `DailyFigures` and their per-point twins (some ten thousand short rows at city
scale, whatever the number of sessions) and `UnitActivity` (a row per unit and era). `Live` aggregates the sessions and reflections themselves: exact by
definition, fast for an organiser's few units, and the reference the roll-ups are tested against.
"""

from __future__ import annotations

import datetime
import operator
from collections import defaultdict
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import TruncMonth
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from campaign.models import (
    CAMPAIGN_START,
    DailyFigures,
    DailyPointFigures,
    MonthlyFigures,
    MonthlyPointFigures,
    StudySession,
    UnitActivity,
)
from campaign.models.figures import COUNTERS, ERA_MONTHS, POINT_COUNTERS, month_index, months_field
from campaign.services.rollups import SessionPoint, reflection_sums, session_sums, studying

FIGURES_GROUPED_BY = ("district", "kind")
NOTHING = "SELECT 0 AS organisation_id, 0 AS studied WHERE 1 = 0", []  # no unit's mask


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


def point_bit(points, field: str) -> Case:
    """A learning point's bit in a unit's "studied" mask (1 << (number - 1)), from `field`
    holding its id."""
    return Case(
        *(When(**{field: point.pk}, then=Value(1 << (point.number - 1))) for point in points),
        default=Value(0),
        output_field=IntegerField(),
    )


def _studied_by_sessions(points, ranges, units=None) -> QuerySet:
    """(organisation_id, bit) of the sessions on `points` held within `ranges` (of `units`, a
    queryset of their ids, when given)."""
    held = Q(pk__in=[])
    for first, last in ranges:
        held |= Q(studysession__held_on__range=(first, last))
    if units is not None:
        held &= Q(studysession__organisation__in=units)
    return (
        SessionPoint.objects.filter(held, learningpoint__in=[point.pk for point in points])
        .order_by()
        .annotate(unit=F("studysession__organisation"), bit=point_bit(points, "learningpoint"))
        .values_list("unit", "bit")
    )


def masks_of(parts: list[QuerySet], points, *, one_per_unit: bool = False) -> tuple[str, list]:
    """Each unit's "studied" mask (SQL with its parameters: organisation_id, studied) from the
    union of (unit, mask) rows: their bitwise OR (PostgreSQL's BIT_OR; elsewhere, point by point,
    the largest of each bit), or the rows as they are when there is `one_per_unit`."""
    if not points:  # no decision loaded: no unit studied anything
        return NOTHING
    try:
        union, params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    except EmptyResultSet:  # of no unit at all (an empty list of districts, say)
        return NOTHING
    if one_per_unit:
        return f"SELECT unit AS organisation_id, bit AS studied FROM ({union}) AS bits", params  # noqa: S608
    if connection.vendor == "postgresql":
        either = "BIT_OR(bit)"
    else:  # the bits are the points' numbers, not values: no parameter
        either = " + ".join(f"MAX(bit & {1 << (point.number - 1)})" for point in points)
    return (
        f"SELECT unit AS organisation_id, {either} AS studied "  # noqa: S608
        f"FROM ({union}) AS bits GROUP BY unit",
        params,
    )


class Source:
    def __init__(self, report):
        self.report = report  # the Report asking: its user, decision, period and filters

    def totals(self, rows) -> dict[str, int]:
        total = dict.fromkeys(COUNTERS, 0)
        for row in rows.values():
            for name in COUNTERS:
                total[name] += row.get(name) or 0
        return total


class Rollups(Source):
    """For the city's and a district's scope: the roll-ups, filtered as the report asks."""

    def _figures(self, daily, monthly, **lookups) -> list[QuerySet]:
        """The figures of the period: the monthly ones of its whole months, the daily ones of
        the days at its edges (see `split`)."""
        report = self.report
        months, edges = split(report.start, report.until)
        parts = [monthly.objects.filter(month__range=months)] if months else []
        parts += [daily.objects.filter(day__range=edge) for edge in edges]
        return [self._filtered(part.filter(active=True, **lookups)).order_by() for part in parts]

    def _filtered(self, figures: QuerySet) -> QuerySet:
        report = self.report
        if report.scope_district is not None:
            figures = figures.filter(district=report.scope_district)
        if report.district is not None:
            figures = figures.filter(district=report.district)
        if report.kind:
            figures = figures.filter(kind=report.kind)
        return figures

    def _decision_figures(self) -> list[QuerySet]:
        return self._figures(DailyFigures, MonthlyFigures, document=self.report.document)

    def by_group(self) -> dict[tuple, dict[str, int]]:
        sums = {name: Sum(name) for name in COUNTERS}
        rows: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
        parts = [
            part.values(*FIGURES_GROUPED_BY).annotate(**sums) for part in self._decision_figures()
        ]
        for row in parts[0].union(*parts[1:], all=True) if parts else ():
            total = rows[(row.pop("district"), row.pop("kind"))]
            for name, value in row.items():
                total[name] += value or 0
        return dict(rows)

    def by_point(self) -> dict[int, dict[str, int]]:
        sums = {name: Sum(name) for name in POINT_COUNTERS}
        points = [point.pk for point in self.report.points]
        rows: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(POINT_COUNTERS, 0))
        parts = [
            part.values("point").annotate(**sums)
            for part in self._figures(DailyPointFigures, MonthlyPointFigures, point__in=points)
        ]
        for row in parts[0].union(*parts[1:], all=True) if parts else ():
            total = rows[row.pop("point")]
            for name, value in row.items():
                total[name] += value or 0
        return dict(rows)

    def by_month(self) -> dict[datetime.date, dict[str, int]]:
        sums = {"sessions": Sum("sessions"), "participants": Sum("participants")}
        parts = [
            part.annotate(start=TruncMonth(_date_field(part.model)))
            .values("start")
            .annotate(**sums)
            for part in self._decision_figures()
        ]
        rows: dict[datetime.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(sums, 0))
        for row in parts[0].union(*parts[1:], all=True) if parts else ():
            total = rows[_date(row.pop("start"))]
            for name, value in row.items():
                total[name] += value or 0
        return dict(rows)

    def held_since(self, day: datetime.date) -> QuerySet:
        """The units (ids) with a session on the decision's points since `day`: each unit's
        activity keeps its last one."""
        return (
            UnitActivity.objects.filter(document=self.report.document, last_held_on__gte=day)
            .order_by()
            .values("organisation")
        )

    def studied_sql(self, start: datetime.date, end: datetime.date, units=None) -> tuple[str, list]:
        """(organisation_id, studied) of the units (of `units`, a queryset of their ids, when
        given) that studied the decision's points in [start, end]: whole months from the units'
        activity rows (one per unit and era), the days at an edge from the sessions of those
        days."""
        points = self.report.points
        if not points:  # no decision loaded: no unit studied anything
            return NOTHING
        months, edges = split(start, end)
        parts, masks = [], {}
        if months:
            first, last = month_index(months[0]), month_index(months[1])
            # Each era's months of the period, as a mask of its bits.
            masks = {
                era: _mask(first - era * ERA_MONTHS, last - era * ERA_MONTHS)
                for era in range(first // ERA_MONTHS, last // ERA_MONTHS + 1)
            }
            held = Q(pk__in=[])
            for era, mask in masks.items():
                held |= Q(era=era) & Q(GreaterThan(_months_of(points).bitand(mask), 0))
            activity = UnitActivity.objects.filter(held, document=self.report.document)
            if units is not None:
                activity = activity.filter(organisation__in=units)
            if len(masks) == 1:
                studied = _studied_in(points, *masks.values())
            else:  # each era's row by its own months
                studied = Case(
                    *(When(era=era, then=_studied_in(points, mask)) for era, mask in masks.items()),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            parts.append(
                activity.order_by()
                .annotate(unit=F("organisation"), bit=studied)
                .values_list("unit", "bit")
            )
        if edges or not parts:
            parts.append(_studied_by_sessions(points, edges, units))
        # A single era's rows, without edges, are one per unit already.
        return masks_of(parts, points, one_per_unit=len(masks) == 1 and not edges)


def _months_of(points) -> F:
    """The months with a session on any of `points` (an activity row's masks, ORed)."""
    masks = [F(months_field(point.number)) for point in points]
    return reduce(lambda either, mask: either.bitor(mask), masks[1:], masks[0])


def _studied_in(points, mask: int) -> CombinedExpression:
    """An activity row's "studied" mask within the months of `mask`: point n's bit (1 << (n - 1))
    where its months meet them."""
    return reduce(
        operator.add,
        (
            Case(
                When(GreaterThan(F(months_field(point.number)).bitand(mask), 0), then=Value(bit)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for point in points
            for bit in [1 << (point.number - 1)]
        ),
    )


def _date_field(model) -> str:
    return "month" if model in (MonthlyFigures, MonthlyPointFigures) else "day"


def _mask(low: int, high: int) -> int:
    """Bits low..high of an era's mask, clipped to the era."""
    low, high = max(low, 0), min(high, ERA_MONTHS - 1)
    return ((1 << (high + 1)) - 1) ^ ((1 << low) - 1)


class Live(Source):
    """The raw rows, aggregated: for an organiser's units, and as the roll-ups' reference."""

    def _sessions(self) -> QuerySet:
        points = [point.pk for point in self.report.points]
        return self.report.sessions().filter(studying(points))

    def _reflections(self) -> QuerySet:
        return self.report.reflections().filter(point__in=self.report.points)

    def by_group(self) -> dict[tuple, dict[str, int]]:
        rows: dict[tuple, dict[str, int]] = defaultdict(dict)
        # The units' own district, not the rows' copy of it: this is the roll-ups' reference.
        group = {"unit_district": F("organisation__district"), "unit_kind": F("organisation__kind")}
        for queryset, sums in (
            (self._sessions(), session_sums()),
            (self._reflections(), reflection_sums()),
        ):
            for row in queryset.order_by().values(**group).annotate(**sums):
                rows[(row.pop("unit_district"), row.pop("unit_kind"))].update(row)
        return dict(rows)

    def by_point(self) -> dict[int, dict[str, int]]:
        rows: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(POINT_COUNTERS, 0))
        links = SessionPoint.objects.filter(
            studysession__in=self.report.sessions(), learningpoint__in=self.report.points
        )
        for row in (
            links.order_by()
            .values("learningpoint")
            .annotate(sessions=Count("pk"), participants=Sum("studysession__participants"))
        ):
            rows[row.pop("learningpoint")].update(row)
        for point, n in self._reflections().order_by().values_list("point").annotate(n=Count("pk")):
            rows[point]["reflections"] = n
        return dict(rows)

    def by_month(self) -> dict[datetime.date, dict[str, int]]:
        return {
            _date(row.pop("month")): row
            for row in self._sessions()
            .order_by()
            .annotate(month=TruncMonth("held_on"))
            .values("month")
            .annotate(sessions=Count("pk"), participants=Sum("participants"))
        }

    def held_since(self, day: datetime.date) -> QuerySet:
        return sessions_held(day, timezone.localdate(), self.report.points)

    def studied_sql(self, start: datetime.date, end: datetime.date, units=None) -> tuple[str, list]:
        if units is None:
            units = self.report.units().order_by().values("pk")
        points = self.report.points
        return masks_of([_studied_by_sessions(points, [(start, end)], units)], points)


def sessions_held(start: datetime.date, end: datetime.date, points) -> QuerySet:
    """The units (ids) that held a session on any of `points` in [start, end]."""
    return (
        StudySession.objects.filter(held_on__range=(start, end))
        .filter(studying([point.pk for point in points]))
        .order_by()
        .values("organisation")
    )


def _date(value) -> datetime.date:
    """TruncMonth gives a date on some databases and a datetime on others."""
    return value.date() if isinstance(value, datetime.datetime) else value
