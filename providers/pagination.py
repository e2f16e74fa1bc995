"""Pages of results whose count stops at a cap, so a broad search never counts every row."""

from functools import cached_property

from django.core.paginator import Paginator

from providers import counts

# Beyond this many results the page says "1,000+" and pages no further: counting (and
# skipping through) a hundred thousand rows costs more than anyone reads.
RESULT_CAP = 1000


class CappedPaginator(Paginator):
    cap = RESULT_CAP

    @cached_property
    def found(self):
        """
        How many results there are, up to cap + 1: one query with a LIMIT inside, unless the
        same search was counted since the listings last changed (counts.result_count).
        """
        capped = self.object_list.order_by().values("pk")[: self.cap + 1]
        return counts.result_count(capped)

    @property
    def is_capped(self):
        return self.found > self.cap

    @cached_property
    def count(self):
        return min(self.found, self.cap)

    def page(self, number):
        """
        As Paginator.page, but a queryset that can read a page more cheaply than by slicing
        (ProviderQuerySet.page_rows: a text search by relevance, a search by distance) gives
        its rows its own way.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = getattr(self.object_list, "page_rows", None)
        object_list = rows(bottom, top) if rows else self.object_list[bottom:top]
        return self._get_page(object_list, number, self)

    @property
    def count_label(self):
        return f"{self.cap:,}+" if self.is_capped else f"{self.count:,}"
