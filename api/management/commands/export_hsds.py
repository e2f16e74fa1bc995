import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from api import export


class Command(BaseCommand):
    help = (
        "Build the open-data package (/api/hsds/export.zip) now: every published listing as "
        "HSDS 3.0 CSV files and datapackage.json. The task queue also builds it every night."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        name = export.build()
        self.stdout.write(
            f"Built {name} ({default_storage.size(name) / 1024:.0f} KB) "
            f"in {time.monotonic() - started:.1f} s."
        )
