"""Participation reports: every figure is a database aggregation over the user's scope.

`Report` holds who asks and the filters (period, district, kind). Its figures come from a
`source` (`sources.Rollups` for the city's or a district's scope, `sources.Live` for an
organiser's units), in a fixed number of queries whatever the size of the data. One session
entry is all a unit ever records: every figure here is derived from it, never asked for again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from campaign.campaigns import current_campaign
from campaign.choices import District, OrganisationKind, SessionFormat
from campaign.models import CAMPAIGN_START, Organisation, Reflection, StudySession
from campaign.querysets import district_of_reach, reaches_whole_districts
from campaign.replica import read_connection
from campaign.reports.coverage import Coverage
from campaign.reports.sources import Live, Rollups, Source
from campaign.services.rollups import SessionPoint, studying
from documents.models import Campaign, Document, LearningPoint

SILENT_DAYS = 30
UNIT_COUNTS = ("registered", "participating", "all_points", "recent")


@dataclass(frozen=True)
class UnitStats:
    sessions: int = 0
    participants: int = 0
    party_members: int = 0
    #: Times someone was absent from the period's sessions, and how many of those have since been
    #: made up (补课): sums of the sessions' counts, never a list of people.
    absentees: int = 0
    made_up: int = 0
    last_session: datetime.date | None = None
    points: frozenset[int] = frozenset()
    reflections: int = 0


@dataclass(frozen=True)
class Report(Coverage):
    user: object
    #: The period: from the campaign's opening day (None) and until today or its closing day.
    start: datetime.date | None = None
    end: datetime.date | None = None
    district: int | None = None
    kind: str | None = None
    #: None: the roll-ups where the scope is the city or a district. True: the raw rows.
    live: bool | None = None
    #: The campaign reported on; None: the user's current one (`campaign.campaigns`). Figures
    #: never mix campaigns: its points, its called units, its period.
    campaign: Campaign | None = None

    def __post_init__(self):
        campaign = self.campaign or current_campaign(self.user)
        opens = campaign.opens_on if campaign else CAMPAIGN_START
        object.__setattr__(self, "campaign", campaign)
        object.__setattr__(self, "start", max(self.start or opens, opens))

    @cached_property
    def document(self) -> Document | None:
        return self.campaign.document if self.campaign else None

    @cached_property
    def points(self) -> list[LearningPoint]:
        """The campaign's learning points, in order."""
        if self.campaign is None:
            return []
        return list(LearningPoint.objects.filter(document=self.campaign.document_id))

    @property
    def all_points_mask(self) -> int:
        """A unit's "studied" mask when it has studied every point of the decision."""
        mask = 0
        for point in self.points:
            mask |= 1 << (point.number - 1)
        return mask

    @property
    def until(self) -> datetime.date:
        until = self.end or timezone.localdate()
        closes = self.campaign.closes_on if self.campaign else None
        return min(until, closes) if closes else until

    @property
    def district_name(self) -> str:
        """The district filtered on, by name (黄浦), or "" for none."""
        return str(District(self.district).label) if self.district is not None else ""

    @property
    def scope_district(self) -> int | None:
        """The district a district admin's scope is, or None for the whole city."""
        return district_of_reach(self.user)

    @cached_property
    def source(self) -> Source:
        # The roll-ups are kept per district: they serve a reach of whole districts.
        by_district = reaches_whole_districts(self.user)
        return Live(self) if self.live or not by_district else Rollups(self)

    # The three populations every figure is drawn from.

    def units(self) -> QuerySet[Organisation]:
        """Active organisations in reach, called by the campaign (in its scope, not exempt) and
        in the filters: the units expected to take part."""
        units = Organisation.objects.visible_to(self.user).active()
        if self.campaign is not None:
            units = units.called_by(self.campaign)
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

    # Who studied: each unit's "studied" mask of the decision's points, and whether it held a
    # session on them lately, worked out in the database.

    def _studied_sql(self, units: QuerySet | None = None) -> tuple[str, list]:
        """Each unit's "studied" mask; of `units` only (a queryset of units) when given, or when
        the report is narrowed to a district or kind: the city's masks are worked out only for
        a city-wide report."""
        if units is None and self.narrowed:
            units = self.units()
        if units is not None:
            units = units.order_by().values("pk")
        return self.source.studied_sql(self.start, self.until, units)

    @property
    def narrowed(self) -> bool:
        """Whether the report is of fewer units than the city's: a district's or a kind's."""
        return self.scope_district is not None or self.district is not None or bool(self.kind)

    def _recent(self) -> QuerySet:
        """The units (ids) that held a session on the campaign lately (whatever the period)."""
        return self.source.held_since(timezone.localdate() - datetime.timedelta(days=SILENT_DAYS))

    # Figures.

    @cached_property
    def _unit_grid(self) -> dict[tuple, dict]:
        """Unit counts per (district, kind), from one query over the units in scope grouped by
        what each studied (its mask) and whether it did lately: every unit's answers are worked
        out once, and the counts added up here from at most a few thousand groups. A cell's
        `units_point` counts the units that studied each point (by number)."""
        studied, studied_params = self._studied_sql()
        try:
            recent, recent_params = self._recent().query.sql_with_params()
        except EmptyResultSet:  # no learning point: no session on one
            recent, recent_params = "SELECT NULL WHERE 1 = 0", []
        # The units' own query is the FROM (not `id IN (units)`): the planner reads the
        # organisations once instead of joining the table to itself.
        try:
            units, units_params = (
                self.units()
                .order_by()
                .values_list("id", "district", "kind")
                .query.sql_with_params()
            )
        except EmptyResultSet:  # no unit within reach
            return {}
        sql = (
            "SELECT o.district, o.kind, COALESCE(m.studied, 0), "  # noqa: S608
            f"CASE WHEN o.id IN ({recent}) THEN 1 ELSE 0 END, COUNT(*) "
            f"FROM ({units}) o "
            f"LEFT JOIN ({studied}) m ON m.organisation_id = o.id GROUP BY 1, 2, 3, 4"
        )
        full = self.all_points_mask
        grid: dict[tuple, dict] = {}
        with read_connection().cursor() as cursor:
            cursor.execute(sql, [*recent_params, *units_params, *studied_params])
            rows = cursor.fetchall()
        for district, kind, mask, recent_flag, n in rows:
            cell = grid.setdefault(
                (district, kind),
                {**dict.fromkeys(UNIT_COUNTS, 0), "units_point": defaultdict(int)},
            )
            mask = int(mask)
            cell["registered"] += n
            cell["participating"] += n if mask else 0
            cell["all_points"] += n if mask == full and full else 0
            cell["recent"] += n if recent_flag else 0
            for point in self.points:
                if mask & (1 << (point.number - 1)):
                    cell["units_point"][point.number] += n
        return grid

    @cached_property
    def _sums(self) -> dict[tuple, dict[str, int]]:
        """Sums of sessions and reflections per (district, kind), from the source."""
        return self.source.by_group()

    def _figures(self, matching=lambda key: True) -> dict[str, int]:
        """The unit counts and sums of the (district, kind) groups that match, added up."""
        rows = {key: row for key, row in self._sums.items() if matching(key)}
        total = self.source.totals(rows)
        cells = [cell for key, cell in self._unit_grid.items() if matching(key)]
        for name in UNIT_COUNTS:
            total[name] = sum(cell[name] for cell in cells)
        total["units_point"] = {
            point.number: sum(cell["units_point"][point.number] for cell in cells)
            for point in self.points
        }
        return total

    @cached_property
    def _total(self) -> dict[str, int]:
        return self._figures()

    @cached_property
    def headline(self) -> dict[str, int]:
        total = self._total
        return {
            "sessions": total["sessions"],
            "participants": total["participants"],
            "party_members": total["party_members"],
            "registered_units": total["registered"],
            "participating_units": total["participating"],
            "reflections": total["reflections"],
            "approved_reflections": total["approved_reflections"],
        }

    def by_district(self) -> list[dict]:
        return self._breakdown(0, District.choices)

    def by_kind(self) -> list[dict]:
        return self._breakdown(1, OrganisationKind.choices)

    def _breakdown(self, position: int, choices) -> list[dict]:
        """Per district (position 0 of a group's key) or kind (1), in the official order."""
        present = {key[position] for key in (*self._unit_grid, *self._sums)}
        rows = []
        for value, label in choices:
            if value not in present:
                continue
            total = self._figures(lambda key, value=value: key[position] == value)
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
        sums = self.source.by_point()
        units = self._total["units_point"]
        return [
            {
                "point": point,
                "sessions": sums.get(point.pk, {}).get("sessions", 0),
                "participants": sums.get(point.pk, {}).get("participants", 0),
                "units": units[point.number],
                "reflections": sums.get(point.pk, {}).get("reflections", 0),
            }
            for point in self.points
        ]

    def by_format(self) -> list[dict]:
        total = self._total
        return [
            {
                "label": label,
                "sessions": total[f"sessions_{value}"],
                "participants": total[f"participants_{value}"],
            }
            for value, label in SessionFormat.choices
        ]

    def by_month(self) -> list[dict]:
        """Every month of the period, the empty ones included, so a line reads true."""
        totals = self.source.by_month()
        rows = []
        month = self.start.replace(day=1)
        while month <= self.until:
            row = totals.get(month, {})
            rows.append(
                {
                    "month": month,
                    "sessions": row.get("sessions") or 0,
                    "participants": row.get("participants") or 0,
                }
            )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return rows

    def unit_stats(self, unit_ids: list[int]) -> dict[int, UnitStats]:
        """The 汇总表 figures of the given units, which come from `units()` and so are in scope
        and in the filters: two GROUP BY queries on indexed columns, whatever their number."""
        totals = {
            row["organisation"]: row
            for row in StudySession.objects.filter(
                organisation__in=unit_ids, held_on__range=(self.start, self.until)
            )
            .filter(studying([point.pk for point in self.points]))
            .order_by()
            .values("organisation")
            .annotate(
                sessions=Count("pk"),
                participants=Sum("participants"),
                party_members=Sum("party_members"),
                absentees=Sum("absentee_count"),
                made_up=Sum("made_up_count"),
                last_session=Max("held_on"),
            )
        }
        covered: dict[int, set[int]] = defaultdict(set)
        for unit, number in (
            SessionPoint.objects.filter(
                studysession__organisation__in=unit_ids,
                studysession__held_on__range=(self.start, self.until),
                learningpoint__in=[point.pk for point in self.points],
            )
            .order_by()
            .values_list("studysession__organisation", "learningpoint__number")
            .distinct()
        ):
            covered[unit].add(number)
        reflections = dict(
            self._reflections_created()
            .filter(organisation__in=unit_ids, point__in=self.points)
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
                absentees=totals.get(pk, empty).get("absentees", 0),
                made_up=totals.get(pk, empty).get("made_up", 0),
                last_session=totals.get(pk, empty).get("last_session"),
                points=frozenset(covered[pk]),
                reflections=reflections.get(pk, 0),
            )
            for pk in unit_ids
        }
