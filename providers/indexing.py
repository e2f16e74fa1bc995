"""
Which directory addresses search engines should index.

A directory address with at most one service or condition, at most one place (`area`), and
perhaps a page number, is a landing page: indexable, with a canonical address to itself that
keeps only those parameters, in a fixed order. Any other combination (several values, any other
filter, a search, a sort, "near", "open now"…) is a visitor's own search: `noindex, follow`, and
no canonical, since Google asks that a noindex page not point its canonical elsewhere. A landing
page without results is a search too.
"""

from dataclasses import dataclass

from django.utils.http import urlencode

# The landing page's parameters, in the order its canonical address lists them.
TERMS = ("service", "condition")
PLACE = "area"
PAGE = "page"


@dataclass(frozen=True)
class Landing:
    """A landing page of the directory: what it is about, and where, by slug and by name."""

    parameter: str = ""
    slug: str = ""
    name: str = ""
    area_slug: str = ""
    area_name: str = ""
    page: int = 1

    def query(self):
        """The canonical query string: the landing page's parameters, page 2 onwards too."""
        pairs = [(self.parameter, self.slug), (PLACE, self.area_slug)]
        if self.page > 1:
            pairs.append((PAGE, self.page))
        return urlencode([(name, value) for name, value in pairs if value])


def landing_parameters(data):
    """
    The (parameter, slug) pairs of a query that is a landing page's, or None when it is a
    search of its own. Empty values ("?q=&near=" from a blank form) count as absent.
    """
    given = {name: [value for value in data.getlist(name) if value] for name in data}
    given = {name: values for name, values in given.items() if values}
    given.pop(PAGE, None)
    if set(given) - {*TERMS, PLACE} or any(len(values) > 1 for values in given.values()):
        return None
    if sum(name in given for name in TERMS) > 1:
        return None
    return {name: values[0] for name, values in given.items()}


def landing(filterset, page):
    """The Landing a directory page is, or None: see the module's docstring."""
    chosen = landing_parameters(filterset.data)
    if chosen is None or not filterset.is_valid() or not page.paginator.count:
        return None
    vocabulary = filterset.vocabulary
    terms = {"service": vocabulary.services, "condition": vocabulary.conditions}
    parameter = next((name for name in TERMS if name in chosen), "")
    area = chosen.get(PLACE, "")
    return Landing(
        parameter=parameter,
        slug=chosen.get(parameter, ""),
        name=vocabulary.name_of(terms[parameter], chosen[parameter]) if parameter else "",
        area_slug=area,
        area_name=vocabulary.name_of(vocabulary.areas, area) if area else "",
        page=page.number,
    )
