"""
Reporting wrong information at 100,000 providers.

On the search benchmark's database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/backpain_bench; seeded as `make bench` seeds it), 300
reports are posted to listings picked at random through Django's test client (the whole stack:
rate limits, the form, its one-time key, the report), each after opening the form. Printed:
p50 and p95 of the form and of sending it (budget: p95 ≤ 100 ms). The reports are deleted at
the end.

    .venv/bin/python bench/report_bench.py [--reports 300]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import enquiry_bench  # noqa: E402
import load_test  # noqa: E402

BUDGET_MS = 100
WARMUP = 10
DETAILS = "Benchmark: the Sunday hours are wrong."


def typed(n):
    return {
        "problem": ["closed", "hours", "contact", "services"][n % 4],
        "details": DETAILS,
        "email": f"reporter{n}@example.org" if n % 2 else "",
        "submission_key": f"bench-report-{n}-{time.monotonic_ns()}",
    }


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, (time.perf_counter() - started) * 1000


def summary(name, timings):
    return (
        f"{name}: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {statistics.quantiles(timings, n=20)[-1]:.1f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=300)
    args = parser.parse_args()

    os.environ.update(RATE_LIMIT_FORMS="1000000/h", RATE_LIMIT_REPORTS_LISTING="1000000/h")
    enquiry_bench.configure(Path(tempfile.mkdtemp(prefix="report-bench-")), load_test.free_port())
    random.seed(11)

    from django.core.management import call_command
    from django.test import Client

    from corrections.models import Report
    from providers.models import Provider

    call_command("migrate", verbosity=0)
    slugs = list(Provider.objects.listed().values_list("slug", flat=True))
    client = Client()
    forms, sends = [], []
    try:
        for n in range(WARMUP + args.reports):
            url = f"/providers/{random.choice(slugs)}/report/"
            address = f"198.51.{n // 250 % 250}.{n % 250 + 1}"
            shown, form_ms = timed(lambda: client.get(url, REMOTE_ADDR=address))  # noqa: B023
            sent, send_ms = timed(lambda: client.post(url, typed(n), REMOTE_ADDR=address))  # noqa: B023
            assert (shown.status_code, sent.status_code) == (200, 302), (url, sent.status_code)
            if n >= WARMUP:
                forms.append(form_ms)
                sends.append(send_ms)
        stored = Report.objects.filter(details=DETAILS).count()
        print(
            f"{len(slugs):,} listed providers; {args.reports} reports to listings at random: "
            f"{summary('the form', forms)}; {summary('sending it', sends)} "
            f"(budget {BUDGET_MS} ms); {stored} of {WARMUP + args.reports} stored."
        )
    finally:
        Report.objects.filter(details=DETAILS).delete()


if __name__ == "__main__":
    main()
