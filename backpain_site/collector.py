"""
Python's cyclic garbage collector, moved out of the time a visitor waits.

A directory page builds and drops tens of thousands of objects. With the collector's default
thresholds, some of them live long enough to be promoted, and every twentieth request or so
pays for a full collection in the middle of rendering: 25-60 ms at the 95th percentile on a
page that otherwise takes 30 ms. Instead, each worker freezes what it loaded at start-up
(modules, URL patterns, templates: never garbage, so never scanned again) and turns automatic
collection off; after a response has been sent, once enough objects have been allocated
since the last collection, it collects, and freezes what survived (caches filled by the
requests so far), so that the next collection looks only at newer objects.

Collecting after every response would cost a cheap page (a cached one, say) more than the page
itself; counted by allocations, a directory page triggers one every fifty requests, a health
check every three hundred. (Most of what a page builds is freed by reference counting as soon
as it is sent: backpain_site/templates.py takes apart the template context, the one cycle that
held it all.)

gunicorn.conf.py calls these from its worker hooks; bench/search_bench.py does the same between
timed requests, so that the benchmark measures what a visitor waits for in production.
"""

import gc

# Objects allocated (less those freed) since the last collection that make the next one worth
# its cost: a directory page leaves about 400, /healthz about 70.
ALLOCATIONS_PER_COLLECTION = 20_000


def freeze_startup_objects():
    """Called once a worker has loaded the site, before its first request."""
    gc.collect()
    gc.freeze()
    gc.disable()


def collect_after_response():
    """Called after each response: frees reference cycles once enough have built up."""
    if gc.get_count()[0] >= ALLOCATIONS_PER_COLLECTION:
        gc.collect()
        gc.freeze()
