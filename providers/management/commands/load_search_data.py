from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from providers.demo import data as market_data
from providers.demo.seeding import upsert_search_data


class Command(BaseCommand):
    help = (
        "Load what the search needs from a market's data files: its postal sectors (so a "
        "postal code in 'Where' finds a place), its stations, landmarks, neighbourhoods and "
        "short names of areas, and the starter search synonyms. Safe to run again; places and "
        "synonyms moderators added are never removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--market",
            default="singapore",
            help="Which data file under providers/demo/data/ to use (default: singapore).",
        )

    def handle(self, *args, market, **options):
        try:
            dataset = market_data.load(market)
        except market_data.DemoDataError as error:
            raise CommandError(str(error)) from error
        with transaction.atomic():
            result = upsert_search_data(dataset)
        for name, counts in result.terms.items():
            self.stdout.write(f"{name}: {counts}\n")
