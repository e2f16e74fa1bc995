"""
Sending an enquiry at 100,000 providers, with the mail server down for the whole run.

On the search benchmark's database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/backpain_bench; seeded as `make bench` seeds it), a scratch
staff account is made staff of 200 listings, then 300 enquiries are posted to them through
Django's test client (the whole stack: rate limits, the form, its one-time key, the enquiry,
its emails queued in the task queue's file as in production: TASKS_IMMEDIATE=0). Printed: p50
and p95 of a request (budget: p95 ≤ 100 ms) and how many emails were queued, not sent.

Then the queue is worked as the consumer would with SMTP pointing at a port nothing listens on:
every email fails and is scheduled again. A small SMTP server then starts on that port and the
retries run as they fall due: every receipt and every clinic's digest arrives, no enquiry lost.
The scratch account, its memberships and the enquiries are deleted at the end.

    .venv/bin/python bench/enquiry_bench.py [--enquiries 300] [--listings 200]
"""

import argparse
import datetime
import os
import random
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import load_test  # noqa: E402
import search_bench  # noqa: E402

BUDGET_MS = 100
USERNAME = "enquiry-benchmark"
WARMUP = 10


class Sink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take messages and note their subjects."""

    subjects = []
    lock = threading.Lock()

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                subject = ""
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    if data.startswith(b"Subject: ") and not subject:
                        subject = data[9:].decode().strip()
                with Sink.lock:
                    Sink.subjects.append(subject)
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def configure(scratch, smtp_port):
    os.environ.update(
        TASKS_IMMEDIATE="0",
        TASKS_FILE=str(scratch / "tasks.sqlite3"),
        CACHE_DIR=str(scratch / "cache"),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}?tls=0",
        RATE_LIMIT_ENQUIRIES="1000000/h",
        RATE_LIMIT_ENQUIRIES_LISTING="1000000/h",
    )
    url = os.environ.get("DATABASE_URL") or search_bench.DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    search_bench.ensure_database(url)
    search_bench.setup_django(url)


def typed(n):
    from enquiries.forms import started_token

    return {
        "kind": "enquiry" if n % 3 else "call_back",
        "name": f"Benchmark patient {n}",
        "phone": "+65 9123 4567",
        "email": f"patient{n}@example.org",
        "best_times": ["evenings"],
        "message": "Do you see patients with lower back pain on weekday evenings?",
        "agree": "on",
        "started": started_token(time.time() - 60),
        "submission_key": f"bench-{n}-{time.monotonic_ns()}",
    }


def send_enquiries(listings, count):
    from django.test import Client

    client = Client()
    slugs = [provider.slug for provider in listings]
    timings = []
    for n in range(WARMUP + count):
        slug = random.choice(slugs)
        address = f"198.51.{n // 250 % 250}.{n % 250 + 1}"
        started = time.perf_counter()
        response = client.post(f"/providers/{slug}/enquiry/", typed(n), REMOTE_ADDR=address)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 302, (response.status_code, slug)
        if n >= WARMUP:
            timings.append(elapsed)
    return timings


def work_the_queue(due_now=False):
    """
    What the consumer does with every task waiting (and, with `due_now`, with every task
    scheduled for later, as if its time had come), until none is left to run now.
    """
    from huey.contrib.djhuey import HUEY

    ran = 0
    while True:
        tasks = HUEY.read_schedule(datetime.datetime(9999, 1, 1)) if due_now else []
        tasks += [HUEY.dequeue() for _ in range(HUEY.pending_count())]
        tasks = [task for task in tasks if task is not None]
        if not tasks:
            return ran
        for task in tasks:
            HUEY.execute(task, timestamp=task.eta)
            ran += 1
        due_now = False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enquiries", type=int, default=300)
    parser.add_argument("--listings", type=int, default=200)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="enquiry-bench-"))
    smtp_port = load_test.free_port()
    configure(scratch, smtp_port)
    random.seed(7)

    import logging

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from huey.contrib.djhuey import HUEY

    from clinics.models import Membership
    from enquiries.models import Enquiry
    from providers.models import Provider

    logging.getLogger("huey").setLevel(logging.CRITICAL)
    logging.getLogger("providers.tasks").setLevel(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    total = Provider.objects.count()
    user = get_user_model().objects.create_user(USERNAME, f"{USERNAME}@example.org")
    try:
        ids = list(Provider.objects.listed().values_list("pk", flat=True))
        listings = list(Provider.objects.filter(pk__in=random.sample(ids, args.listings)))
        Membership.objects.bulk_create(
            Membership(user=user, provider=provider, role="owner") for provider in listings
        )
        HUEY.flush()

        timings = send_enquiries(listings, args.enquiries)
        queued = HUEY.pending_count()
        stored = Enquiry.objects.filter(name__startswith="Benchmark patient").count()
        print(
            f"{total:,} providers; {args.enquiries} enquiries to {args.listings} listings with "
            f"staff: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {statistics.quantiles(timings, n=20)[-1]:.1f} ms (budget {BUDGET_MS} ms); "
            f"{queued} tasks queued (a receipt and a word to the clinic each), no email sent "
            "in a request."
        )

        ran = work_the_queue()
        waiting = HUEY.scheduled_count()
        print(
            f"Mail server down: the consumer ran {ran} tasks; {waiting} emails failed and wait "
            f"to be retried; {stored} of {WARMUP + args.enquiries} enquiries stored."
        )

        server = socketserver.ThreadingTCPServer(("127.0.0.1", smtp_port), Sink)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            work_the_queue(due_now=True)
        finally:
            server.shutdown()
            server.server_close()
        sent = Enquiry.objects.filter(name__startswith="Benchmark patient")
        clinics = len(set(sent.values_list("provider", flat=True)))
        receipts = sum(s.startswith(("Your enquiry", "Your call-back")) for s in Sink.subjects)
        digests = sum("for " in s and "new enquir" in s.lower() for s in Sink.subjects)
        print(
            f"Mail server back: {len(Sink.subjects)} emails delivered as their retries fell due: "
            f"{receipts} receipts for {sent.count()} enquiries, {digests} digests for the "
            f"{clinics} clinics that received them; {HUEY.scheduled_count()} still waiting; "
            f"{WARMUP + args.enquiries - sent.count()} enquiries lost."
        )
    finally:
        Enquiry.objects.filter(name__startswith="Benchmark patient").delete()
        user.delete()
        HUEY.flush()


if __name__ == "__main__":
    main()
