"""
Open-data API benchmark: the HSDS endpoints at 100,000 providers, through Django.

Run with `DATABASE_URL=… python bench/api_bench.py` (default
postgres://postgres@127.0.0.1:5432/backpain_bench, the database bench/search_bench.py seeds
and shares: seeded the same way, and only when it has fewer providers than --providers).

First it streams every service as ndjson (`/api/hsds/services?format=ndjson`) and prints the
records a second and the process's peak memory (ru_maxrss: the worker's whole footprint,
Django included) before and after; then it requests each shape through Django's test client
(the whole stack: the API's middleware, filters, count, page, prefetches, JSON) and prints
p50 and p95 of the request and of its time in the database, and the queries per request.
Every request is answered afresh: no If-None-Match is sent, and the anonymous rate limit is
lifted. Budgets: p95 ≤ 50 ms a shape; ndjson ≥ 5,000 records a second within 150 MB.

Options: --providers N, --runs N (200 by default), --only SHAPE (repeatable), --no-seed,
--no-stream.
"""

import argparse
import os
import resource
import sys
import time

from search_bench import DEFAULT_URL, ensure_database, row, seed, setup_django, timed

BUDGET_MS = 50
BUDGET_RECORDS_A_SECOND = 5000
BUDGET_PEAK_MB = 150
API = "/api/hsds"

# name → path under /api/hsds ({offer} is a published offer's id)
SHAPES = {
    "services, per_page=50": "/services?per_page=50",
    "a whole service": "/services/{offer}",
    "search=": "/services?search=deep+tissue&per_page=50",
    "proximity=": "/services?postcode=520123&proximity=3000&per_page=50",
    "search= + proximity=": "/services?search=sciatica&postcode=520123&proximity=5000",
    "organizations, full": "/organizations?full=true&per_page=50",
}


def peak_mb():
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream(client):
    before = peak_mb()
    started = time.perf_counter()
    response = client.get(f"{API}/services?format=ndjson")
    assert response.status_code == 200 and response.streaming
    records = 0
    for chunk in response.streaming_content:
        records += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    return records, seconds, before, peak_mb()


def measure(client, path, runs):
    response, result = timed(client, path, runs)
    return {**result, "results": response.json().get("total_items", 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--no-stream", action="store_true")
    parser.add_argument("--only", action="append", choices=sorted(SHAPES), help="run only these")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    # Every request answered, however many: the limit is the API's, not what is measured.
    os.environ.setdefault("RATE_LIMIT_API", "100000000/m")
    ensure_database(url)
    setup_django(url)
    if not args.no_seed:
        seed(args.providers)

    from django.test import Client

    from providers.models import Provider, ProviderService

    client = Client()
    client.get(f"{API}/services")
    offers = ProviderService.objects.filter(provider__in=Provider.objects.listed())
    print(
        f"{Provider.objects.count():,} providers, {offers.count():,} services published; "
        f"{args.runs} requests per shape\n"
    )
    over = []
    if not args.no_stream:
        records, seconds, before, after = stream(client)
        rate = records / seconds
        print(
            f"ndjson: {records:,} services in {seconds:.1f} s, {rate:,.0f} records a second; "
            f"peak memory {before:.0f} MB before, {after:.0f} MB after\n"
        )
        if rate < BUDGET_RECORDS_A_SECOND or after > BUDGET_PEAK_MB:
            over.append("ndjson")

    offer = offers.order_by("pk").values_list("uuid", flat=True).first()
    header = (
        f"| {'shape':<28} | {'p50 ms':>7} | {'p95 ms':>7} | {'DB p50':>7} | {'DB p95':>7} "
        f"| {'queries':>7} | {'results':>7} |"
    )
    print(header)
    print("|" + "-" * 30 + "|" + ("-" * 8 + ":|") * 6)
    for name, path in SHAPES.items():
        if args.only and name not in args.only:
            continue
        result = measure(client, API + path.format(offer=offer), args.runs)
        print(row(name, result), flush=True)
        if result["p95"] > BUDGET_MS:
            over.append(name)
    print()
    print(f"Over budget: {', '.join(over)}" if over else "Every figure within its budget.")


if __name__ == "__main__":
    main()
