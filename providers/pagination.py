"""Pages of results whose count stops at a cap, so a broad search never counts every row."""

from functools import cached_property

from django.core.paginator import Paginator

# Beyond this many results the page says "1,000+" and pages no further: counting (and
# skipping through) a hundred thousand rows costs more than anyone reads.
RESULT_CAP = 1000


class CappedPaginator(Paginator):
    cap = RESULT_CAP

    @cached_property
    def found(self):
        """How many results there are, up to cap + 1: one query with a LIMIT inside."""
        capped = self.object_list.order_by().values("pk")[: self.cap + 1]
        return capped.count()

    @property
    def is_capped(self):
        return self.found > self.cap

    @cached_property
    def count(self):
        return min(self.found, self.cap)

    @property
    def count_label(self):
        return f"{self.cap:,}+" if self.is_capped else f"{self.count:,}"
