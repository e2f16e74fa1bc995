"""
Directory search benchmark: each query shape at 100,000 providers, through Django.

Run with `make bench` (or `DATABASE_URL=… python bench/search_bench.py`). It uses the
PostgreSQL database in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/backpain_bench),
creates it if missing, migrates it, seeds 100,000 providers unless they are there, VACUUMs,
then requests /providers/ with each shape's parameters through Django's test client (the
whole stack: middleware, filters, count, page, prefetches, template) and prints p50 and p95 of
the request and of its time in the database, and the number of SQL queries per shape. As in
production, the connection persists between requests (CONN_MAX_AGE, checked before reuse);
the page cache is off, no search's count is kept and the filters' form (with its option
counts) is rendered afresh, so that every request runs the whole
search. Budget: p95 ≤ 50 ms for every shape.

"Open now" is asked at a fixed moment, so that runs at different times of day compare: by
default this week's Tuesday at 11:00 in the site's time zone, when most providers are open and
the shape has the most candidates to check (--at 2026-11-24T21:30 for another).

Options: --providers N, --runs N (200 by default), --only SHAPE (repeatable), --explain SHAPE
(EXPLAIN (ANALYZE, BUFFERS) of every query of that shape, slowest first), --at MOMENT,
--no-seed.
"""

import argparse
import datetime
import io
import os
import re
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/backpain_bench"
BUDGET_MS = 50
# Requests per shape before timing starts: the first ones fill caches (templates, PostgreSQL's
# buffers for that shape's rows).
WARMUP_RUNS = 10

# name → query string (after /providers/?)
SHAPES = {
    "text": "q=deep+tissue",
    "text + service": "q=sciatica&service=acupuncture",
    "typo": "q=acupunture",
    "near + radius": "near=520123&radius=5",
    "near + service + open now": "near=Tampines&service=deep-tissue-massage&open_now=on",
    "area + language + verified": "area=jurong-west&language=mandarin&verified=on",
    "open_on + open_after": "open_on=saturday&open_on=sunday&open_after=19:00",
    "first page": "",
    "deep page": "page=50",
    "station name": "near=Bishan+MRT",
    "service, lowest price": "service=deep-tissue-massage&sort=price",
}


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backpain_site.settings")
    # Development settings (DEBUG on: static files need no manifest); the query log that
    # DEBUG keeps is reset at every request, and costs a few microseconds a query.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    # As production runs: persistent connections (checked before reuse), and every request
    # rendered (the page cache would answer repeats from Redis or memory without the search).
    os.environ.setdefault("CONN_MAX_AGE", "600")
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def busy_moment(at=None):
    """An aware datetime: `at` (ISO, the site's local time), or this week's Tuesday 11:00."""
    from django.utils import timezone

    if at:
        return timezone.make_aware(datetime.datetime.fromisoformat(at))
    today = timezone.localdate()
    tuesday = today - datetime.timedelta(days=today.weekday() - 1)
    return timezone.make_aware(datetime.datetime.combine(tuesday, datetime.time(11)))


def ensure_database(url):
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            print(f"Creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def seed(providers):
    from django.core.management import call_command

    from providers.models import Provider

    call_command("migrate", verbosity=0)
    # The market's places ("Bishan MRT"), postal sectors and synonyms, as a real site loads
    # them; a database seeded before they existed gets them too.
    call_command("load_search_data", stdout=io.StringIO())
    have = Provider.objects.count()
    if have < providers:
        print(f"Seeding {providers:,} providers ({have:,} there); this takes a few minutes.")
        call_command("seed_demo", providers=providers, chunk_size=5000)
    from django.db import connection

    # As autovacuum leaves a table in steady use: statistics current, and the visibility map
    # set, which index-only scans need.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


class DatabaseTimer:
    """Adds up the time spent in the database (sending, executing, fetching) by a request."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - started) * 1000


def timed(client, path, runs, warmup=WARMUP_RUNS):
    """
    The first answer to `path`, its query count, and `runs` timed requests after `warmup`
    untimed ones: p50 and p95 of the whole request and of its database time, in ms.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    # Counted now: the log it reads is emptied at every request.
    count = len(queries)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    for _ in range(warmup):
        client.get(path)
    timings, database = [], []
    for _ in range(runs):
        timer = DatabaseTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        database.append(timer.ms)
    return response, {
        "p50": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20)[-1],
        "db_p50": statistics.median(database),
        "db_p95": statistics.quantiles(database, n=20)[-1],
        "queries": count,
    }


def row(name, result):
    """One shape's line of the printed table."""
    return (
        f"| {name:<28} | {result['p50']:7.1f} | {result['p95']:7.1f} | "
        f"{result['db_p50']:7.1f} | {result['db_p95']:7.1f} | "
        f"{result['queries']:7d} | {result['results']:>7} |"
    )


def measure(client, path, runs, warmup=WARMUP_RUNS):
    response, result = timed(client, path, runs, warmup)
    assert b"We could not use" not in response.content, path
    heading = re.search(r'id="results-heading">([^<]*) provider', response.content.decode())
    return {**result, "results": heading.group(1) if heading else "?"}


def explain(path):
    """EXPLAIN ANALYZE of every query the page issues, slowest first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        Client().get(path)
    with connection.cursor() as cursor:
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
            print(f"\n-- {float(query['time']) * 1000:.1f} ms\n{query['sql']}\n")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--explain", choices=sorted(SHAPES), help="EXPLAIN ANALYZE one shape")
    parser.add_argument("--at", help="the moment 'open now' means, local ISO time")
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--only", action="append", choices=sorted(SHAPES), help="run only these")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    ensure_database(url)
    setup_django(url)
    if not args.no_seed:
        seed(args.providers)

    from django.conf import settings
    from django.core.cache.backends.dummy import DummyCache
    from django.test import override_settings

    moment = busy_moment(args.at)
    # Every request counts its results, as a search's first visitor's does: the count that
    # providers/directory.py keeps for the next page or visitor would otherwise leave the
    # repeats of a shape with the page's query alone.
    # And every request renders the filters' form, with how many results each option would
    # find, which the site keeps per search in the template fragment cache.
    fragments_uncached = {
        **settings.CACHES,
        "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch("providers.directory.cache", DummyCache("counted-every-time", {})),
        override_settings(CACHES=fragments_uncached),
    ):
        run(args, moment)


def run(args, moment):
    from django.test import Client

    from providers.models import Provider

    if args.explain:
        explain("/providers/?" + SHAPES[args.explain])
        return

    client = Client()
    client.get("/providers/")
    print(
        f"{Provider.objects.count():,} providers; {args.runs} requests per shape; "
        f"open now at {moment:%A %Y-%m-%d %H:%M} ({moment.tzinfo})\n"
    )
    header = (
        f"| {'shape':<28} | {'p50 ms':>7} | {'p95 ms':>7} | {'DB p50':>7} | {'DB p95':>7} "
        f"| {'queries':>7} | {'results':>7} |"
    )
    print(header)
    print("|" + "-" * 30 + "|" + ("-" * 8 + ":|") * 6)
    over = []
    for name, params in SHAPES.items():
        if args.only and name not in args.only:
            continue
        result = measure(client, "/providers/?" + params, args.runs)
        print(row(name, result), flush=True)
        if result["p95"] > BUDGET_MS:
            over.append(name)
    print()
    if over:
        print(f"Over the {BUDGET_MS} ms p95 budget: {', '.join(over)}")
    else:
        print(f"Every shape within the {BUDGET_MS} ms p95 budget.")


if __name__ == "__main__":
    main()
