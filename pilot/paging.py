"""A paginator for lists too long to count in full on every page (the meetings list at national scale)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class LimitedPaginator(Paginator):
    """Counts at most `limit` rows: `SELECT COUNT(*) FROM (... LIMIT limit + 1)`, unordered, so the database stops
    after `limit + 1` rows instead of counting them all. Below the limit it is an ordinary paginator (the count is
    exact); at it, `more` is true, the count is `limit` and the pages reach the first `limit` rows in the list's
    order (a filter reaches the others)."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit
        self.more = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: self.limit + 1].count()
        self.more = found > self.limit
        return min(found, self.limit)
