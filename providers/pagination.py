"""Pages of results, and what a page says when the page number asked for cannot be shown."""

from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator

from providers.directory import RESULT_CAP


class CappedPaginator(Paginator):
    """
    A Paginator whose count stops at RESULT_CAP: a search (providers.directory.Results) counts
    up to one more, and beyond the cap the page says "1,000+" and pages no further.
    """

    cap = RESULT_CAP

    @cached_property
    def found(self):
        return self.object_list.count()

    @property
    def is_capped(self):
        return self.found > self.cap

    @cached_property
    def count(self):
        return min(self.found, self.cap)

    @property
    def count_label(self):
        return f"{self.cap:,}+" if self.is_capped else f"{self.count:,}"


def paginate(request, object_list, per_page=None):
    """
    The page of `object_list` (a queryset, or a directory search's Results) that the request's
    `page` parameter asks for. A page number that is not a number shows the first page, one
    past the end the last; either way the returned notice says so instead of failing.
    """
    paginator = CappedPaginator(object_list, per_page or settings.DIRECTORY_PAGE_SIZE)
    requested = request.GET.get("page", "1")
    notice = ""
    try:
        number = int(requested)
    except ValueError:
        number = 1
        notice = "That page number could not be read, so this is the first page."
    if number < 1:
        number = 1
        notice = "Pages start at 1, so this is the first page."
    elif number > 1 and number > paginator.num_pages:
        notice = f"There is no page {number}; this is the last page."
        if paginator.is_capped:
            notice = (
                f"Only the first {paginator.count:,} results are shown in pages; "
                "add a filter to narrow them down. This is the last page."
            )
        number = paginator.num_pages
    page = paginator.page(number)
    page.object_list = list(page.object_list)
    return page, notice
