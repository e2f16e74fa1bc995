"""
Importing 10,000 rows into PostgreSQL at 100,000 providers.

On the search benchmark's database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/backpain_bench; seeded as `make bench` seeds it), a scratch
account is made staff of 100 listings, and a CSV file of 100 rows for each is made: 30
branches, their 30 Monday hours, 10 services with prices and 30 practitioners. Printed: the
time of the dry run (every row checked, nothing written) and of applying it (written, the
listings rebuilt), budget 60 s for both; then the same file with one bad row applied, which
must write nothing and name the row. The file is checked and applied as the import page has it
done: stored, then read and run by the task queue's task (clinics.tasks.run_import), which
also looks for possible duplicates of the branches it adds. Everything the import added is
deleted at the end.

    .venv/bin/python bench/import_bench.py [--listings 100]
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import enquiry_bench  # noqa: E402
import load_test  # noqa: E402

BUDGET_S = 60
USERNAME = "import-benchmark"


def file_rows(listings, areas, services):
    from clinics import imports

    rows = []
    for index, provider in enumerate(listings):
        for n in range(30):
            rows.append(
                {
                    "listing": provider.slug,
                    "record": "branch",
                    "id": f"B{n}",
                    "name": f"Imported branch {n}",
                    "address": f"{n} Import Road",
                    "postal_code": f"{400000 + n}",
                    "area": random.choice(areas),
                    "phone": f"+65 6{index:03d} {n:04d}",
                }
            )
            rows.append(
                {
                    "listing": provider.slug,
                    "record": "hours",
                    "id": f"H{n}",
                    "branch": f"B{n}",
                    "weekday": "mon",
                    "opens": "09:00",
                    "closes": "18:00",
                }
            )
            rows.append(
                {
                    "listing": provider.slug,
                    "record": "practitioner",
                    "id": f"P{n}",
                    "name": f"Imported practitioner {n}",
                    "gender": "female",
                    "years_of_practice": "5",
                }
            )
        # Services it does not offer yet: the clean-up deletes what the import added.
        offered = set(provider.offers.values_list("service__slug", flat=True))
        for n, service in enumerate(random.sample(sorted(set(services) - offered), 10)):
            rows.append(
                {
                    "listing": provider.slug,
                    "record": "service",
                    "id": f"S{n}",
                    "service": service,
                    "price": "80",
                    "duration_minutes": "60",
                }
            )
    return [{column: row.get(column, "") for column in imports.COLUMNS} for row in rows]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100)
    args = parser.parse_args()
    enquiry_bench.configure(Path(tempfile.mkdtemp(prefix="import-bench-")), load_test.free_port())
    random.seed(5)

    import tablib
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from clinics import imports
    from clinics.models import ImportedRecord, ImportJob, Membership
    from clinics.tasks import run_import
    from providers.models import Area, PossibleDuplicate, Provider, Service

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(USERNAME, f"{USERNAME}@example.org")
    ids = list(Provider.objects.listed().values_list("pk", flat=True))
    listings = list(Provider.objects.filter(pk__in=random.sample(ids, args.listings)))
    try:
        Membership.objects.bulk_create(
            Membership(user=user, provider=provider, role="owner") for provider in listings
        )
        areas = list(Area.objects.filter(parent__isnull=False).values_list("slug", flat=True))
        services = list(Service.objects.values_list("slug", flat=True))
        rows = file_rows(listings, areas, services)

        # As the page does it: the file stored, then checked and applied by the task queue's
        # task, which reads it and counts its progress.
        data = tablib.Dataset(headers=imports.COLUMNS)
        for row in rows:
            data.append([row.get(column, "") for column in imports.COLUMNS])
        job = ImportJob(user=user, file_name="bench.csv", rows=len(rows))
        job.file.save("bench.csv", ContentFile(data.export("csv").encode()))
        started = time.perf_counter()
        run_import.call_local(job.pk, False)
        dry = time.perf_counter() - started
        job.refresh_from_db()
        assert job.ready_to_apply, job.outcome.get("errors", [])[:3]
        job.start(ImportJob.State.APPLYING)
        started = time.perf_counter()
        run_import.call_local(job.pk, True)
        wrote = time.perf_counter() - started
        job.refresh_from_db()
        assert job.state == ImportJob.State.APPLIED, job.state
        print(
            f"{Provider.objects.count():,} providers; {len(rows):,} rows for {args.listings} "
            f"listings: dry run {dry:.1f} s, apply {wrote:.1f} s, together {dry + wrote:.1f} s "
            f"(budget {BUDGET_S} s); {job.outcome['counts']}; "
            f"{job.outcome['possible_duplicates']} possible duplicates for moderators."
        )

        bad = [dict(row) for row in rows]
        bad[-1]["price"] = "cheap"
        before = ImportedRecord.objects.count()
        refused = imports.run(bad, user, apply=True)
        print(
            f"One bad row in {len(bad):,}: applied {refused.applied}, errors {refused.errors}, "
            f"{ImportedRecord.objects.count() - before} records written."
        )
    finally:
        for record in ImportedRecord.objects.filter(provider__in=listings):
            target = record.target()
            if target is not None:
                target.delete()
        ImportedRecord.objects.filter(provider__in=listings).delete()
        PossibleDuplicate.objects.filter(found_when="an import", listing__in=listings).delete()
        for job in ImportJob.objects.filter(user=user):
            job.file.delete(save=False)
        user.delete()


if __name__ == "__main__":
    main()
