"""
Whether the password reset form tells which addresses have an account by how long it takes.

Posts the form 30 times for an address that has an account and 30 times for one that has not,
alternately, through Django's test client, on a scratch SQLite database, with an SMTP mail
backend (nothing listening: the request must not touch it) and the task queue in a file as in
production (TASKS_IMMEDIATE=0, no consumer: the tasks wait). Prints the median of each and the
difference; the target is within 5 ms.

    .venv/bin/python bench/reset_timing.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIES = 30


def main():
    scratch = Path(tempfile.mkdtemp(prefix="reset-timing-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="backpain_site.settings",
        DATABASE_URL=f"sqlite:///{scratch / 'db.sqlite3'}",
        CACHE_DIR=str(scratch / "cache"),
        TASKS_IMMEDIATE="0",
        TASKS_FILE=str(scratch / "tasks.sqlite3"),
        EMAIL_URL="smtp://127.0.0.1:1?tls=0",
        RATE_LIMIT_FORMS="10000/h",
        RATE_LIMIT_FORMS_TARGET="10000/h",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from huey.contrib.djhuey import HUEY

    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user("clinic", "known@example.org", "a long password 1")
    client = Client()
    timings = {"known@example.org": [], "nobody@example.org": []}
    for _ in range(3):  # warm up
        client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    for _ in range(TRIES):
        for address, times in timings.items():
            started = time.perf_counter()
            response = client.post("/accounts/password_reset/", {"email": address})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 302, response.status_code
    known = statistics.median(timings["known@example.org"])
    unknown = statistics.median(timings["nobody@example.org"])
    print(
        f"Password reset, {TRIES} tries each: median {known:.2f} ms for an address with an "
        f"account, {unknown:.2f} ms for one without: {abs(known - unknown):.2f} ms apart "
        f"(target within 5 ms); {HUEY.pending_count()} emails queued, none sent in a request."
    )


if __name__ == "__main__":
    main()
