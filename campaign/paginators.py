"""The admin's paginator for tables of a million rows."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap enough to take on every page load.
EXACT_COUNT_BELOW = 10_000


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
