"""
Python's cyclic garbage collector, moved out of the time a visitor waits.

A directory page builds and drops tens of thousands of objects. With the collector's default
thresholds, some of them live long enough to be promoted, and every twentieth request or so
pays for a full collection in the middle of rendering: 25-60 ms at the 95th percentile on a
page that otherwise takes 30 ms. Instead, each worker freezes what it loaded at start-up
(modules, URL patterns, templates: never garbage, so never scanned again), turns automatic
collection off, and collects after each response has been sent, when almost everything the
request made is already garbage: about 1 ms.

gunicorn.conf.py calls these from its worker hooks; bench/search_bench.py does the same between
timed requests, so that the benchmark measures what a visitor waits for in production.
"""

import gc


def freeze_startup_objects():
    """Called once a worker has loaded the site, before its first request."""
    gc.collect()
    gc.freeze()
    gc.disable()


def collect_after_response():
    """Called after each response: frees the request's reference cycles."""
    gc.collect()
