"""Coverage: who has studied what, and who has not. The four lists of units a report offers
(all called, none studied, some point missing, silent lately), counted from the report's unit
grid and paged district by district so that a page reads only the districts it falls in."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from campaign.models import Organisation

UNITS_MAX = 10_000_000  # more units than any city has

# How many units of a (district, kind) cell of the unit grid are in each coverage list.
IN_LIST = {
    "all": lambda cell: cell["registered"],
    "none": lambda cell: cell["registered"] - cell["participating"],
    "missing": lambda cell: cell["participating"] - cell["all_points"],
    "silent": lambda cell: cell["registered"] - cell["recent"],
}


class Coverage:
    """The coverage lists of a `Report` (mixed in: it reads the report's units, unit grid,
    recent sessions and "studied" masks)."""

    @cached_property
    def coverage_counts(self) -> dict[str, int]:
        return {show: in_list(self._total) for show, in_list in IN_LIST.items()}

    def coverage_units(
        self, show: str, districts: list[int] | None = None
    ) -> QuerySet[Organisation]:
        """The units of one coverage list (of the given districts only, if any), in official
        district order.

        The ones in the list are found in a subquery, whole and hashed, and the page is then read
        in district order. The subquery's LIMIT (no list is that long) keeps the planner from
        merging it into the ordered scan: it cannot estimate how many units the activity masks
        let through, and unit by unit a short list (units missing a point are few) is slow.
        """
        units = self.units().order_by("district", "code")
        if districts is not None:
            units = units.filter(district__in=districts)
        if show not in {"none", "missing", "silent"}:
            return units
        if show == "silent":
            matching = units.exclude(pk__in=self._recent())
        else:
            # The units with a "studied" mask (none: not among them; missing: not all points).
            studied, params = self._studied_sql(units)
            condition = "" if show == "none" else " WHERE m.studied <> %s"
            listed = RawSQL(  # noqa: S611 (SQL of our own, values as parameters)
                f"SELECT organisation_id FROM ({studied}) AS m{condition}",  # noqa: S608
                params if show == "none" else [*params, self.all_points_mask],
            )
            if show == "none":
                matching = units.exclude(pk__in=listed)
            else:
                matching = units.filter(pk__in=listed)
        return units.filter(pk__in=matching.order_by().values("pk")[:UNITS_MAX])

    def coverage_page(self, show: str, bottom: int, top: int) -> list[Organisation]:
        """Units `bottom` to `top - 1` of a coverage list. The list is in district order and
        the unit grid has counted its units in each district, so only the districts the page
        falls in are read (a city list otherwise works out every unit's answers again)."""
        in_list = IN_LIST[show]
        per_district: dict[int, int] = defaultdict(int)
        for (district, _kind), cell in self._unit_grid.items():
            per_district[district] += in_list(cell)
        before, seen, spanned = 0, 0, []
        for district in sorted(per_district):
            seen += per_district[district]
            if seen <= bottom:
                before = seen  # the page starts after this district
            elif seen - per_district[district] < top:
                spanned.append(district)
        return list(self.coverage_units(show, spanned)[bottom - before : top - before])

    def coverage_list(self, show: str) -> CoverageList:
        return CoverageList(self, show)


class CoverageList:
    """A coverage list as Django's paginator reads it: its length from the report's counts,
    each page from `Report.coverage_page`."""

    def __init__(self, report: Coverage, show: str):
        self.report, self.show = report, show

    def __len__(self) -> int:
        return self.report.coverage_counts[self.show]

    def __getitem__(self, page: slice) -> list[Organisation]:
        return self.report.coverage_page(self.show, page.start, page.stop)
