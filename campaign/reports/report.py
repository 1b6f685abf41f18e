"""Participation reports: every figure is a database aggregation over the user's scope.

`Report` holds who asks and the filters (period, district, kind); its methods each run a fixed
number of GROUP BY queries, whatever the size of the data. One session entry is all a unit ever
records: every figure here is derived from the sessions and reflections, never asked for again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from campaign.choices import District, OrganisationKind, ReflectionStatus, SessionFormat
from campaign.models import (
    CAMPAIGN_START,
    COVERS_POINT_FIELDS,
    POINT_NUMBERS,
    Organisation,
    Reflection,
    StudySession,
)
from documents.models import LearningPoint

SILENT_DAYS = 30
APPROVED = (ReflectionStatus.APPROVED, ReflectionStatus.FEATURED)
# Sessions that cover point N, read from the session's own flag (no join to its points).
COVERS = {
    n: Q(**{field: True}) for n, field in zip(POINT_NUMBERS, COVERS_POINT_FIELDS, strict=True)
}


@dataclass(frozen=True)
class UnitStats:
    sessions: int = 0
    participants: int = 0
    party_members: int = 0
    last_session: datetime.date | None = None
    points: frozenset[int] = frozenset()
    reflections: int = 0


@dataclass(frozen=True)
class Report:
    user: object
    start: datetime.date = CAMPAIGN_START
    end: datetime.date | None = None
    district: int | None = None
    kind: str | None = None

    @property
    def until(self) -> datetime.date:
        return self.end or timezone.localdate()

    # The three populations every figure is drawn from.

    def units(self) -> QuerySet[Organisation]:
        """Active organisations in scope and in the filters: the units expected to take part."""
        units = Organisation.objects.visible_to(self.user).active()
        if self.district is not None:
            units = units.filter(district=self.district)
        if self.kind:
            units = units.filter(kind=self.kind)
        return units

    def _unit_filters(self) -> Q:
        q = Q(organisation__is_active=True)
        if self.district is not None:
            q &= Q(organisation__district=self.district)
        if self.kind:
            q &= Q(organisation__kind=self.kind)
        return q

    def sessions(self) -> QuerySet[StudySession]:
        return (
            StudySession.objects.visible_to(self.user)
            .filter(self._unit_filters())
            .held_between(self.start, self.until)
        )

    def _reflections_created(self) -> QuerySet[Reflection]:
        """Reflections recorded within the period (local days), before any scope."""
        zone = timezone.get_current_timezone()
        since = datetime.datetime.combine(self.start, datetime.time.min, zone)
        before = datetime.datetime.combine(
            self.until + datetime.timedelta(days=1), datetime.time.min, zone
        )
        return Reflection.objects.filter(created_at__gte=since, created_at__lt=before)

    def reflections(self) -> QuerySet[Reflection]:
        return self._reflections_created().visible_to(self.user).filter(self._unit_filters())

    def _participating_units(self) -> QuerySet[Organisation]:
        """Units with a session in the period. Counted from the organisations with EXISTS in
        WHERE (a semi-join): COUNT(DISTINCT) over every session sorts them all."""
        return self.units().filter(Exists(self._sessions_of_unit()))

    def _sessions_of_unit(self) -> QuerySet[StudySession]:
        """The period's sessions of the unit in the outer query (for EXISTS)."""
        return StudySession.objects.filter(
            organisation=OuterRef("pk"), held_on__range=(self.start, self.until)
        )

    # Figures.

    @cached_property
    def _grid(self) -> dict[tuple[int, str], dict[str, int]]:
        """Figures per (district, kind): at most 17 × 8 cells, from three GROUP BY queries. The
        headline and both breakdowns add these cells up, so the million sessions are read once."""
        cells: dict[tuple[int, str], dict[str, int]] = {}

        def cell(key) -> dict[str, int]:
            return cells.setdefault(
                key,
                dict.fromkeys(
                    ("registered", "participating", "sessions", "participants", "party_members"), 0
                ),
            )

        for district, kind, n in self._count_cells(self.units()):
            cell((district, kind))["registered"] = n
        for district, kind, n in self._count_cells(self._participating_units()):
            cell((district, kind))["participating"] = n
        for row in (
            self.sessions()
            .order_by()
            .values("organisation__district", "organisation__kind")
            .annotate(
                sessions=Count("pk"),
                participants=Sum("participants"),
                party_members=Sum("party_members"),
            )
        ):
            cell((row["organisation__district"], row["organisation__kind"])).update(
                sessions=row["sessions"],
                participants=row["participants"],
                party_members=row["party_members"],
            )
        return cells

    @staticmethod
    def _count_cells(units: QuerySet[Organisation]):
        return units.order_by().values_list("district", "kind").annotate(n=Count("pk"))

    def _sum_cells(self, matching=lambda key: True) -> dict[str, int]:
        total = dict.fromkeys(
            ("registered", "participating", "sessions", "participants", "party_members"), 0
        )
        for key, figures in self._grid.items():
            if matching(key):
                for name, value in figures.items():
                    total[name] += value
        return total

    @cached_property
    def headline(self) -> dict[str, int]:
        total = self._sum_cells()
        figures = {
            "sessions": total["sessions"],
            "participants": total["participants"],
            "party_members": total["party_members"],
            "registered_units": total["registered"],
            "participating_units": total["participating"],
        }
        figures |= self.reflections().aggregate(
            reflections=Count("pk"), approved_reflections=Count("pk", filter=Q(status__in=APPROVED))
        )
        return figures

    def by_district(self) -> list[dict]:
        return self._breakdown(0, District.choices)

    def by_kind(self) -> list[dict]:
        return self._breakdown(1, OrganisationKind.choices)

    def _breakdown(self, position: int, choices) -> list[dict]:
        """Per district (position 0 of a cell's key) or kind (1), in the official order."""
        present = {key[position] for key in self._grid}
        rows = []
        for value, label in choices:
            if value not in present:
                continue
            total = self._sum_cells(lambda key, value=value: key[position] == value)
            rows.append(
                {
                    "value": value,
                    "label": label,
                    "registered_units": total["registered"],
                    "participating_units": total["participating"],
                    "sessions": total["sessions"],
                    "participants": total["participants"],
                    "party_members": total["party_members"],
                }
            )
        return rows

    def by_point(self) -> list[dict]:
        """Sessions, participant-times, units and reflections for each point. The sessions'
        `covers_point_N` flags make this one scan of the sessions, without joining their points."""
        sessions = self.sessions().aggregate(
            **{f"sessions_{n}": Count("pk", filter=COVERS[n]) for n in POINT_NUMBERS},
            **{f"participants_{n}": Sum("participants", filter=COVERS[n]) for n in POINT_NUMBERS},
        )
        numbers = {point.pk: point.number for point in self.points}
        reflections = {
            numbers[pk]: n
            for pk, n in self.reflections()
            .order_by()
            .values_list("point")
            .annotate(n=Count("pk"))
            .values_list("point", "n")
        }
        return [
            {
                "point": point,
                "sessions": sessions[f"sessions_{point.number}"],
                "participants": sessions[f"participants_{point.number}"] or 0,
                "units": self._point_units[f"units_{point.number}"],
                "reflections": reflections.get(point.number, 0),
            }
            for point in self.points
        ]

    def _points_per_unit(self) -> QuerySet:
        """For each unit with a session in the period, how many of its sessions cover each point."""
        return (
            self.sessions()
            .order_by()
            .values("organisation")
            .annotate(**{f"covered_{n}": Count("pk", filter=COVERS[n]) for n in POINT_NUMBERS})
        )

    @cached_property
    def _point_units(self) -> dict[str, int]:
        """Units that studied each point, and units that studied all four: one query."""
        covered = {n: Q(**{f"covered_{n}__gt": 0}) for n in POINT_NUMBERS}
        every = Q()
        for number in POINT_NUMBERS:
            every &= covered[number]
        return self._points_per_unit().aggregate(
            **{f"units_{n}": Count("organisation", filter=covered[n]) for n in POINT_NUMBERS},
            all_points=Count("organisation", filter=every),
        )

    def by_format(self) -> list[dict]:
        totals = {
            row["format"]: row
            for row in self.sessions()
            .order_by()
            .values("format")
            .annotate(sessions=Count("pk"), participants=Sum("participants"))
        }
        return [
            {
                "label": label,
                "sessions": totals.get(value, {}).get("sessions", 0),
                "participants": totals.get(value, {}).get("participants", 0),
            }
            for value, label in SessionFormat.choices
        ]

    def by_month(self) -> list[dict]:
        """Every month of the period, the empty ones included, so a line reads true."""
        totals = {
            _month(row["month"]): row
            for row in self.sessions()
            .order_by()
            .annotate(month=TruncMonth("held_on"))
            .values("month")
            .annotate(sessions=Count("pk"), participants=Sum("participants"))
        }
        rows = []
        month = self.start.replace(day=1)
        while month <= self.until:
            row = totals.get(month, {})
            rows.append(
                {
                    "month": month,
                    "sessions": row.get("sessions", 0),
                    "participants": row.get("participants", 0),
                }
            )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return rows

    @cached_property
    def points(self) -> list[LearningPoint]:
        return list(LearningPoint.objects.all())

    # Coverage: who has studied what, and who has not.

    def _fully_covered_units(self) -> QuerySet:
        return (
            self._points_per_unit()
            .filter(**{f"covered_{n}__gt": 0 for n in POINT_NUMBERS})
            .values("organisation")
        )

    def _recent_sessions(self) -> QuerySet[StudySession]:
        since = timezone.localdate() - datetime.timedelta(days=SILENT_DAYS)
        return StudySession.objects.filter(held_on__gte=since)

    @cached_property
    def coverage_counts(self) -> dict[str, int]:
        participating = self.headline["participating_units"]
        registered = self.headline["registered_units"]
        recently_active = (
            self._recent_sessions()
            .visible_to(self.user)
            .filter(self._unit_filters())
            .aggregate(n=Count("organisation", distinct=True))["n"]
        )
        return {
            "all": registered,
            "none": registered - participating,
            "missing": participating - self._point_units["all_points"],
            "silent": registered - recently_active,
        }

    def coverage_units(self, show: str) -> QuerySet[Organisation]:
        """The units of one coverage list, in official district order."""
        units = self.units().select_related("parent").order_by("district", "code")
        in_period = self._sessions_of_unit()
        if show == "none":
            return units.filter(~Exists(in_period))
        if show == "missing":
            return units.filter(Exists(in_period)).exclude(pk__in=self._fully_covered_units())
        if show == "silent":
            return units.filter(
                ~Exists(self._recent_sessions().filter(organisation=OuterRef("pk")))
            )
        return units

    def unit_stats(self, unit_ids: list[int]) -> dict[int, UnitStats]:
        """The 汇总表 figures of the given units, which come from `units()` and so are in scope
        and in the filters: two GROUP BY queries on indexed columns, whatever their number."""
        totals = {
            row["organisation"]: row
            for row in StudySession.objects.filter(
                organisation__in=unit_ids, held_on__range=(self.start, self.until)
            )
            .order_by()
            .values("organisation")
            .annotate(
                sessions=Count("pk"),
                participants=Sum("participants"),
                party_members=Sum("party_members"),
                last_session=Max("held_on"),
                **{f"covered_{n}": Count("pk", filter=COVERS[n]) for n in POINT_NUMBERS},
            )
        }
        reflections = dict(
            self._reflections_created()
            .filter(organisation__in=unit_ids)
            .order_by()
            .values_list("organisation")
            .annotate(n=Count("pk"))
            .values_list("organisation", "n")
        )
        empty = {}
        return {
            pk: UnitStats(
                sessions=totals.get(pk, empty).get("sessions", 0),
                participants=totals.get(pk, empty).get("participants", 0),
                party_members=totals.get(pk, empty).get("party_members", 0),
                last_session=totals.get(pk, empty).get("last_session"),
                points=frozenset(
                    n for n in POINT_NUMBERS if totals.get(pk, empty).get(f"covered_{n}")
                ),
                reflections=reflections.get(pk, 0),
            )
            for pk in unit_ids
        }

    def unit_rows(self, chunk: int = 2000) -> Iterator[tuple[Organisation, UnitStats]]:
        """Every unit in scope with its figures, in official district order, `chunk` at a time:
        memory stays bounded however many units there are."""
        units = self.units().select_related("parent").order_by("district", "code")
        after = Q()
        while True:
            batch = list(units.filter(after)[:chunk])
            if not batch:
                return
            stats = self.unit_stats([unit.pk for unit in batch])
            for unit in batch:
                yield unit, stats[unit.pk]
            last = batch[-1]
            after = Q(district__gt=last.district) | Q(district=last.district, code__gt=last.code)


def _month(value) -> datetime.date:
    """TruncMonth gives a date on some databases and a datetime on others."""
    return value.date() if isinstance(value, datetime.datetime) else value
