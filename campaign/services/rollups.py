"""Keeping the report roll-ups (`campaign.models.figures`) equal to the rows they sum.

Every write that changes what the reports count calls `refresh(days=…, units=…)` inside its own
transaction (the other services do, for every write path): the figures of those days and the
activity of those units are computed again from the raw rows, so they cannot drift. Writers of
the same day or unit take turns (PostgreSQL advisory locks, held to commit), so each sees the
other's committed rows; SQLite serialises writers anyway. `rebuild()` computes everything again
(the benchmark's loader, `manage.py rebuild_rollups`; migration 0008 carries its own copy).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from campaign.choices import APPROVED_STATUSES
from campaign.models import (
    POINT_NUMBERS,
    DailyFigures,
    MonthlyFigures,
    Organisation,
    Reflection,
    StudySession,
    UnitActivity,
)
from campaign.models.figures import COUNTERS, ERA_MONTHS, FORMATS, month_index
from documents.models import LearningPoint

# Advisory lock classes (PostgreSQL): one lock per day, one per unit.
LOCK_DAY, LOCK_UNIT = 2019_04_03, 2019_04_04
# More days than this are refreshed as one range: one scan rather than a long IN list.
DAYS_AS_RANGE = 62


def refresh(
    *,
    days: Iterable[datetime.date] = (),
    districts: Iterable[int] | None = None,
    units: Iterable[int] = (),
) -> None:
    """Compute again the figures of `days` in `districts` (all of them when None) and the
    activity of `units` (ids), in the caller's transaction."""
    days = sorted({day for day in days if day is not None})
    units = sorted({unit for unit in units if unit is not None})
    if len(days) > DAYS_AS_RANGE:
        days = [days[0] + datetime.timedelta(n) for n in range((days[-1] - days[0]).days + 1)]
    _lock(LOCK_DAY, [day.toordinal() for day in days])
    _lock(LOCK_UNIT, units)
    if days:
        _refresh_days(days, None if districts is None else sorted(set(districts)))
    if units:
        _refresh_units(units)


def districts_of(units: Iterable[int]) -> set[int]:
    """The districts the units are in now."""
    return set(Organisation.objects.filter(pk__in=list(units)).values_list("district", flat=True))


def rebuild() -> None:
    """Compute every roll-up again from the raw rows."""
    DailyFigures.objects.all().delete()
    _insert_daily_figures(Q(), Q())
    MonthlyFigures.objects.all().delete()
    _insert_monthly_figures(Q())
    UnitActivity.objects.all().delete()
    UnitActivity.objects.bulk_create(_activity(StudySession.objects.all()), batch_size=2000)


def _lock(kind: int, keys: list[int]) -> None:
    if keys and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, key) FROM unnest(%s::int[]) AS key ORDER BY key",
                [kind, keys],
            )


# --- Daily figures ------------------------------------------------------------------------------


def _local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, zone)
    return start, start + datetime.timedelta(days=1)


def _refresh_days(days: list[datetime.date], districts: list[int] | None) -> None:
    if len(days) > DAYS_AS_RANGE:  # a range of consecutive days (see `refresh`)
        sessions = Q(held_on__range=(days[0], days[-1]))
        reflections = Q(
            created_at__gte=_local_day_bounds(days[0])[0],
            created_at__lt=_local_day_bounds(days[-1])[1],
        )
    else:
        sessions = Q(held_on__in=days)
        reflections = Q()
        for day in days:
            since, before = _local_day_bounds(day)
            reflections |= Q(created_at__gte=since, created_at__lt=before)
    stale = DailyFigures.objects.filter(day__in=days)
    if districts is not None:
        stale = stale.filter(district__in=districts)
        sessions &= Q(district__in=districts)
        reflections &= Q(district__in=districts)
    stale.delete()
    _insert_daily_figures(sessions, reflections)
    _refresh_months(sorted({day.replace(day=1) for day in days}), districts)


def _refresh_months(months: list[datetime.date], districts: list[int] | None) -> None:
    """The monthly figures of `months` (first days), added up again from their daily figures."""
    stale = MonthlyFigures.objects.filter(month__in=months)
    days = Q()
    for month in months:
        days |= Q(day__gte=month, day__lt=(month + datetime.timedelta(days=32)).replace(day=1))
    if districts is not None:
        stale = stale.filter(district__in=districts)
        days &= Q(district__in=districts)
    stale.delete()
    _insert_monthly_figures(days)


def _insert_monthly_figures(days: Q) -> None:
    """One INSERT ... SELECT of the daily figures matching `days`, summed per month and group."""
    keys = ("month", "district", "kind", "active")
    sums, params = (
        DailyFigures.objects.filter(days)
        .order_by()
        .annotate(month=TruncMonth("day"))
        .values(*keys)
        .annotate(**{f"total_{name}": Sum(name) for name in COUNTERS})
        .values_list(*keys, *(f"total_{name}" for name in COUNTERS))
        .query.sql_with_params()
    )
    totals = ", ".join(f"total_{name}" for name in COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MonthlyFigures._meta.db_table} ({', '.join((*keys, *COUNTERS))}) "  # noqa: S608
            f"SELECT {', '.join(keys)}, {totals} FROM ({sums}) AS sums",
            params,
        )


def covers(number: int) -> Q:
    """Sessions covering learning point `number`, by their flag (no join to their points)."""
    return Q(**{f"covers_point_{number}": True})


def session_sums() -> dict:
    """The aggregates of sessions that `DailyFigures` keeps, by its column names."""
    return {
        "sessions": Count("pk"),
        **{f"sessions_point_{n}": Count("pk", filter=covers(n)) for n in POINT_NUMBERS},
        **{f"participants_point_{n}": Sum("participants", filter=covers(n)) for n in POINT_NUMBERS},
        **{f"sessions_{value}": Count("pk", filter=Q(format=value)) for value in FORMATS},
        **{
            f"participants_{value}": Sum("participants", filter=Q(format=value))
            for value in FORMATS
        },
        # Last: once annotated, these names mean the sums, not the fields the sums above read.
        "participants": Sum("participants"),
        "party_members": Sum("party_members"),
    }


def reflection_sums() -> dict:
    """The aggregates of reflections that `DailyFigures` keeps, by its column names."""
    numbers = dict(LearningPoint.objects.values_list("pk", "number"))
    return {
        **{
            f"reflections_point_{number}": Count("pk", filter=Q(point_id=pk))
            for pk, number in numbers.items()
        },
        "approved_reflections": Count("pk", filter=Q(status__in=APPROVED_STATUSES)),
    }


def _insert_daily_figures(sessions: Q, reflections: Q) -> None:
    """Write the figures of the sessions and reflections matching the filters, per group and
    day: one INSERT ... SELECT of the two aggregates, so no row passes through Python."""
    # The district is the row's own copy of its unit's (kept by services on every write and move).
    group = {"kind": F("organisation__kind"), "active": F("organisation__is_active")}
    keys = ("day", "district", *group)
    sums = {"sessions": session_sums(), "reflections": reflection_sums()}
    zero = {name: Value(0, output_field=IntegerField()) for name in COUNTERS}
    zone = timezone.get_current_timezone()
    by_session = (
        StudySession.objects.filter(sessions)
        .order_by()
        .values("district", day=F("held_on"), **group)
        .annotate(**sums["sessions"])
        .annotate(**{name: zero[name] for name in COUNTERS if name not in sums["sessions"]})
        .values_list(*keys, *COUNTERS)
    )
    by_reflection = (
        Reflection.objects.filter(reflections)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day", "district", **group)
        .annotate(**sums["reflections"])
        .annotate(**{name: zero[name] for name in COUNTERS if name not in sums["reflections"]})
        .values_list(*keys, *COUNTERS)
    )
    union, params = by_session.union(by_reflection, all=True).query.sql_with_params()
    table = DailyFigures._meta.db_table
    columns = ", ".join((*keys, *COUNTERS))
    totals = ", ".join(f"COALESCE(SUM({name}), 0)" for name in COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "  # noqa: S608 (names of our own model)
            f"SELECT day, district, kind, active, {totals} FROM ({union}) AS figures "
            "GROUP BY day, district, kind, active",
            params,
        )


# --- Unit activity ------------------------------------------------------------------------------


def _refresh_units(units: list[int]) -> None:
    UnitActivity.objects.filter(organisation__in=units).delete()
    UnitActivity.objects.bulk_create(_activity(StudySession.objects.filter(organisation__in=units)))


def _activity(sessions) -> Iterable[UnitActivity]:
    """The UnitActivity rows of the units of the sessions: per era, a bit for each month with a
    session on each point. Sessions before the campaign began are in no report's period."""
    masks: dict[tuple[int, int], dict[int, int]] = defaultdict(
        lambda: dict.fromkeys(POINT_NUMBERS, 0)
    )
    flags = {f"p{n}": Count("pk", filter=covers(n)) for n in POINT_NUMBERS}
    for row in (
        sessions.order_by()
        .annotate(month=TruncMonth("held_on"))
        .values("organisation", "month")
        .annotate(**flags)
        .iterator(chunk_size=10_000)
    ):
        index = month_index(row["month"])
        if index < 0:
            continue
        era, month = divmod(index, ERA_MONTHS)
        for number in POINT_NUMBERS:
            if row[f"p{number}"]:
                masks[(row["organisation"], era)][number] |= 1 << month
    for (unit, era), points in masks.items():
        yield UnitActivity(
            organisation_id=unit,
            era=era,
            **{f"point_{number}": mask for number, mask in points.items()},
        )
