"""The admin's paginator for tables of a million rows."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap enough to take on every page load.
EXACT_COUNT_BELOW = 10_000
# From this many rows in, a page's rows are found by their ids first (see `page`).
DEEP_ROWS = 1000


class LargeTablePaginator(Paginator):
    """Counts big PostgreSQL result sets from the planner's estimate instead of COUNT(*).

    A changelist over a million sessions would otherwise count them on every page load. The
    estimate (an EXPLAIN, about a millisecond) is used only when it is large; smaller results, and
    every result on other databases, are counted exactly.
    """

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql":
            sql, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            estimate = int(plan[0]["Plan"]["Plan Rows"])
            if estimate >= EXACT_COUNT_BELOW:
                return estimate
        return super().count

    def page(self, number):
        """A deep page (page 500 of a district's sessions): the ids of its rows first, in an
        index-only scan, then those rows with their related rows. OFFSET over the full rows
        would join and skip every row before them."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEEP_ROWS:
            return super().page(number)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
