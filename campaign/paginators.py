from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap enough to take on every page load.
EXACT_COUNT_BELOW = 50_000


class LargeTablePaginator(Paginator):
    """Counts an unfiltered PostgreSQL table from the planner's statistics instead of COUNT(*).

    A changelist of a million sessions would otherwise scan the table on every page load. Any
    filter (including a user's scope) gives an exact count, as does a small or unanalysed table.
    """

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate >= EXACT_COUNT_BELOW:
                return estimate
        return super().count
