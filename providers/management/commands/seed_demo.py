from django.core.management.base import BaseCommand, CommandError

from providers.demo.data import DemoDataError
from providers.demo.seeding import DEFAULT_CHUNK, DEFAULT_PROVIDERS, seed


class Command(BaseCommand):
    help = (
        "Load demo data: a market's regions and areas, the service, condition and language "
        "vocabularies, and fictional providers. Safe to run again: it adds only what is missing "
        "and updates vocabulary terms whose data changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--providers",
            type=int,
            default=DEFAULT_PROVIDERS,
            help=f"How many fictional providers should exist (default {DEFAULT_PROVIDERS}).",
        )
        parser.add_argument(
            "--market",
            default="singapore",
            help="Which data file under providers/demo/data/ to use (default: singapore).",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=DEFAULT_CHUNK,
            help=f"Providers generated and inserted per transaction (default {DEFAULT_CHUNK}).",
        )

    def handle(self, *args, providers, market, chunk_size, **options):
        if providers < 0:
            raise CommandError("--providers cannot be negative.")
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        try:
            seed(providers=providers, market=market, stdout=self.stdout, chunk_size=chunk_size)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
