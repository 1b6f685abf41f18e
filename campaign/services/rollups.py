"""Keeping the report roll-ups (`campaign.models.figures`) equal to the rows they sum.

Every write that changes what the reports count calls `refresh(days=…, units=…)` inside its own
transaction (the other services do, for every write path): the figures of those days and the
activity of those units are computed again from the raw rows, so they cannot drift. Writers of
the same day or unit take turns (PostgreSQL advisory locks, held to commit), so each sees the
other's committed rows; SQLite serialises writers anyway. `rebuild()` computes everything again
(the benchmark's loader, `manage.py rebuild_rollups`).

Figures are kept per decision and per learning point, never in a column per point: a session
counts once for each decision it studied points of, and once for each point.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from campaign.choices import APPROVED_STATUSES
from campaign.models import (
    DailyFigures,
    DailyPointFigures,
    MonthlyFigures,
    MonthlyPointFigures,
    Organisation,
    Reflection,
    StudySession,
    UnitActivity,
)
from campaign.models.figures import (
    COUNTERS,
    ERA_MONTHS,
    FORMATS,
    POINT_COUNTERS,
    month_index,
    months_field,
)
from documents.models import LearningPoint

# Advisory lock classes (PostgreSQL): one lock per day, one per unit.
LOCK_DAY, LOCK_UNIT = 2019_04_03, 2019_04_04
# More days than this are refreshed as one range: one scan rather than a long IN list.
DAYS_AS_RANGE = 62
# A session's link to one of its learning points (the many-to-many table).
SessionPoint = StudySession.points.through
# The group of units a roll-up row sums, as read from a session, a reflection or a link.
GROUP_KEYS = ("district", "kind", "active")


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
    for model in (DailyFigures, DailyPointFigures, MonthlyFigures, MonthlyPointFigures):
        model.objects.all().delete()
    _insert_daily_figures({}, Q())
    _insert_monthly_figures(Q())
    UnitActivity.objects.all().delete()
    UnitActivity.objects.bulk_create(_activity(SessionPoint.objects.all()), batch_size=2000)


def _lock(kind: int, keys: list[int]) -> None:
    if keys and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, key) FROM unnest(%s::int[]) AS key ORDER BY key",
                [kind, keys],
            )


def points_by_decision() -> dict[int, list[int]]:
    """Each decision (document id) and its learning points (ids)."""
    decisions: dict[int, list[int]] = defaultdict(list)
    for point, document in LearningPoint.objects.values_list("pk", "document"):
        decisions[document].append(point)
    return dict(decisions)


def _insert(
    model, keys: tuple[str, ...], counters: tuple[str, ...], parts: list, sums=None
) -> None:
    """One INSERT ... SELECT of the union of `parts` (querysets with `keys` and the `counters`,
    or the names `sums` gives them), summed per key: no row passes through Python."""
    sums = sums or counters
    parts = [part.values_list(*keys, *sums) for part in parts]
    if not parts:
        return
    union, params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    columns = ", ".join((*keys, *counters))
    totals = ", ".join(f"COALESCE(SUM({name}), 0)" for name in sums)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({columns}) "  # noqa: S608 (our own model's names)
            f"SELECT {', '.join(keys)}, {totals} FROM ({union}) AS figures "
            f"GROUP BY {', '.join(keys)}",
            params,
        )


# --- Daily figures ------------------------------------------------------------------------------


def _local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, zone)
    return start, start + datetime.timedelta(days=1)


def _refresh_days(days: list[datetime.date], districts: list[int] | None) -> None:
    if len(days) > DAYS_AS_RANGE:  # a range of consecutive days (see `refresh`)
        sessions = {"held_on__range": (days[0], days[-1])}
        reflections = Q(
            created_at__gte=_local_day_bounds(days[0])[0],
            created_at__lt=_local_day_bounds(days[-1])[1],
        )
    else:
        sessions = {"held_on__in": days}
        reflections = Q()
        for day in days:
            since, before = _local_day_bounds(day)
            reflections |= Q(created_at__gte=since, created_at__lt=before)
    stale = [model.objects.filter(day__in=days) for model in (DailyFigures, DailyPointFigures)]
    if districts is not None:
        stale = [figures.filter(district__in=districts) for figures in stale]
        sessions["district__in"] = districts
        reflections &= Q(district__in=districts)
    for figures in stale:
        figures.delete()
    _insert_daily_figures(sessions, reflections)
    _refresh_months(sorted({day.replace(day=1) for day in days}), districts)


def session_sums() -> dict:
    """The aggregates of sessions that `DailyFigures` keeps, by its column names."""
    return {
        "sessions": Count("pk"),
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
    return {
        "reflections": Count("pk"),
        "approved_reflections": Count("pk", filter=Q(status__in=APPROVED_STATUSES)),
    }


def _zero(names: Iterable[str]) -> dict:
    return {name: Value(0, output_field=IntegerField()) for name in names}


def studying(points: list[int]) -> Exists:
    """Sessions on any of `points` (ids): EXISTS on their links, so no duplicate rows."""
    return Exists(
        SessionPoint.objects.filter(studysession=OuterRef("pk"), learningpoint__in=points)
    )


def _insert_daily_figures(sessions: dict, reflections: Q) -> None:
    """Write the figures of the sessions and reflections matching the filters, per decision,
    point, group and day: the sessions' own fields (`sessions`) and their links' (the same
    lookups through the link), in two INSERT ... SELECT statements."""
    # The district is the row's own copy of its unit's (kept by services on every write and move).
    group = {"kind": F("organisation__kind"), "active": F("organisation__is_active")}
    zone = timezone.get_current_timezone()
    day_of_reflection = TruncDate("created_at", tzinfo=zone)
    parts = []
    for document, points in points_by_decision().items():
        decision = {"document_id": Value(document, output_field=IntegerField())}
        parts.append(
            StudySession.objects.filter(studying(points), **sessions)
            .order_by()
            .values("district", day=F("held_on"), **group, **decision)
            .annotate(**session_sums())
            .annotate(**_zero(name for name in COUNTERS if name not in session_sums()))
        )
        parts.append(
            Reflection.objects.filter(reflections, point__in=points)
            .order_by()
            .values("district", day=day_of_reflection, **group, **decision)
            .annotate(**reflection_sums())
            .annotate(**_zero(name for name in COUNTERS if name not in reflection_sums()))
        )
    _insert(DailyFigures, ("day", *GROUP_KEYS, "document_id"), COUNTERS, parts)

    through = {f"studysession__{lookup}": value for lookup, value in sessions.items()}
    by_link = (
        SessionPoint.objects.filter(**through)
        .order_by()
        .values(
            day=F("studysession__held_on"),
            district=F("studysession__district"),
            kind=F("studysession__organisation__kind"),
            active=F("studysession__organisation__is_active"),
            point_id=F("learningpoint"),
        )
        .annotate(sessions=Count("pk"), participants=Sum("studysession__participants"))
        .annotate(**_zero(["reflections"]))
    )
    by_reflection = (
        Reflection.objects.filter(reflections)
        .order_by()
        .values("district", "point_id", day=day_of_reflection, **group)
        .annotate(reflections=Count("pk"))
        .annotate(**_zero(["sessions", "participants"]))
    )
    _insert(
        DailyPointFigures,
        ("day", *GROUP_KEYS, "point_id"),
        POINT_COUNTERS,
        [by_link, by_reflection],
    )


def _refresh_months(months: list[datetime.date], districts: list[int] | None) -> None:
    """The monthly figures of `months` (first days), added up again from their daily figures."""
    days = Q()
    for month in months:
        days |= Q(day__gte=month, day__lt=(month + datetime.timedelta(days=32)).replace(day=1))
    stale = [
        model.objects.filter(month__in=months) for model in (MonthlyFigures, MonthlyPointFigures)
    ]
    if districts is not None:
        stale = [figures.filter(district__in=districts) for figures in stale]
        days &= Q(district__in=districts)
    for figures in stale:
        figures.delete()
    _insert_monthly_figures(days)


def _insert_monthly_figures(days: Q) -> None:
    """The daily figures matching `days`, summed per month (and decision or point) and group."""
    for daily, monthly, key, counters in (
        (DailyFigures, MonthlyFigures, "document_id", COUNTERS),
        (DailyPointFigures, MonthlyPointFigures, "point_id", POINT_COUNTERS),
    ):
        keys = ("month", *GROUP_KEYS, key)
        totals = {f"total_{name}": Sum(name) for name in counters}
        sums = (
            daily.objects.filter(days)
            .order_by()
            .annotate(month=TruncMonth("day"))
            .values(*keys)
            .annotate(**totals)
        )
        _insert(monthly, keys, counters, [sums], sums=tuple(totals))


# --- Unit activity ------------------------------------------------------------------------------


def _refresh_units(units: list[int]) -> None:
    UnitActivity.objects.filter(organisation__in=units).delete()
    UnitActivity.objects.bulk_create(
        _activity(SessionPoint.objects.filter(studysession__organisation__in=units))
    )


def _activity(links) -> Iterable[UnitActivity]:
    """The UnitActivity rows of the units of the sessions linked (`links`, to their points): per
    decision and era, for each point a bit for each month with a session on it, and the last day
    with one. Sessions before the campaign began are in no report's period.

    The links are read as they are, one per session and point, and put into months here: the
    database's GROUP BY by month returns nearly as many rows and costs four times as long."""
    points = {
        pk: (document, number)
        for pk, document, number in LearningPoint.objects.values_list("pk", "document", "number")
    }
    rows: dict[tuple[int, int, int], UnitActivity] = {}
    for unit, point, day in (
        links.order_by()
        .values_list("studysession__organisation", "learningpoint", "studysession__held_on")
        .iterator(chunk_size=10_000)
    ):
        index = month_index(day)
        if index < 0:
            continue
        era, bit = divmod(index, ERA_MONTHS)
        document, number = points[point]
        row = rows.get((unit, document, era))
        if row is None:
            row = rows[(unit, document, era)] = UnitActivity(
                organisation_id=unit, document_id=document, era=era, last_held_on=day
            )
        field = months_field(number)
        setattr(row, field, getattr(row, field) | 1 << bit)
        row.last_held_on = max(row.last_held_on, day)
    yield from rows.values()
