"""The queries that rebuilt listings' derived data, for tests that count them."""

import re


def search_rebuilds(queries):
    """
    The queries among these (a CaptureQueriesContext) that rebuilt providers' derived data:
    providers.derived's bulk update of their search text and facets.
    """
    return [
        q
        for q in queries
        if q["sql"].lstrip().startswith('UPDATE "providers_provider"')
        and re.search(r'"search_terms" = \(?CASE', q["sql"])
    ]
