"""Keeping the report roll-ups (`campaign.models.rollups`) equal to the rows they sum.

Every write that changes what the reports count calls `refresh(days=…, units=…)` inside its own
transaction (`campaign.services` does, for every write path): the figures of those days and the
activity of those units are computed again from the raw rows, so they cannot drift. Writers of
the same day or unit take turns (PostgreSQL advisory locks, held to commit), so each sees the
other's committed rows; SQLite serialises writers anyway. `rebuild()` computes everything again
(the migration that adds the roll-ups, the benchmark's loader, `manage.py rebuild_rollups`).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from campaign.choices import ReflectionStatus
from campaign.models import (
    POINT_NUMBERS,
    DailyFigures,
    Reflection,
    StudySession,
    UnitActivity,
)
from campaign.models.rollups import COUNTERS, ERA_MONTHS, FORMATS, month_index
from documents.models import LearningPoint

APPROVED = (ReflectionStatus.APPROVED, ReflectionStatus.FEATURED)
# Advisory lock classes (PostgreSQL): one lock per day, one per unit.
LOCK_DAY, LOCK_UNIT = 2019_04_03, 2019_04_04
# More days than this are refreshed as one range: one scan rather than a long IN list.
DAYS_AS_RANGE = 62


def refresh(*, days: Iterable[datetime.date] = (), units: Iterable[int] = ()) -> None:
    """Compute again the figures of `days` and the activity of `units` (ids), in the caller's
    transaction."""
    days = sorted({day for day in days if day is not None})
    units = sorted({unit for unit in units if unit is not None})
    if len(days) > DAYS_AS_RANGE:
        days = [days[0] + datetime.timedelta(n) for n in range((days[-1] - days[0]).days + 1)]
    _lock(LOCK_DAY, [day.toordinal() for day in days])
    _lock(LOCK_UNIT, units)
    if days:
        _refresh_days(days)
    if units:
        _refresh_units(units)


def rebuild() -> None:
    """Compute every roll-up again from the raw rows."""
    DailyFigures.objects.all().delete()
    DailyFigures.objects.bulk_create(_daily_figures(Q(), Q()), batch_size=2000)
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


def _refresh_days(days: list[datetime.date]) -> None:
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
    DailyFigures.objects.filter(day__in=days).delete()
    DailyFigures.objects.bulk_create(_daily_figures(sessions, reflections))


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
        "approved_reflections": Count("pk", filter=Q(status__in=APPROVED)),
    }


def _daily_figures(sessions: Q, reflections: Q) -> list[DailyFigures]:
    """The figures of the sessions and reflections matching the filters, per group and day."""
    group = {
        "district": F("organisation__district"),
        "kind": F("organisation__kind"),
        "active": F("organisation__is_active"),
    }
    rows: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for row in (
        StudySession.objects.filter(sessions)
        .order_by()
        .values(day=F("held_on"), **group)
        .annotate(**session_sums())
    ):
        _add(rows, row)
    zone = timezone.get_current_timezone()
    for row in (
        Reflection.objects.filter(reflections)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day", **group)
        .annotate(**reflection_sums())
    ):
        _add(rows, row)
    return [
        DailyFigures(day=day, district=district, kind=kind, active=active, **counters)
        for (day, district, kind, active), counters in rows.items()
    ]


def _add(rows: dict, row: dict) -> None:
    key = (row.pop("day"), row.pop("district"), row.pop("kind"), row.pop("active"))
    counters = rows[key]
    for name, value in row.items():
        counters[name] += value or 0


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
