from django.core.management.base import BaseCommand

from articles import starter


class Command(BaseCommand):
    help = (
        "Load the starter articles from articles/starter/. Safe to run again: it creates what "
        "is missing, updates an article only while nobody has edited it, and never touches an "
        "article an editor has changed."
    )

    def handle(self, *args, **options):
        report = starter.load()
        self.stdout.write(
            f"Starter articles: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.kept)} kept as editors left them."
        )
        for slug in report.kept:
            self.stdout.write(f"  kept (edited by an editor): {slug}")
        if report.missing_terms:
            self.stdout.write(
                "Not in the directory yet, so not linked (run again after adding them): "
                + ", ".join(sorted(report.missing_terms))
            )
