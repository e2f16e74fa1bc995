from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from demo import accounts, pictures
from providers.demo.data import DemoDataError
from providers.demo.seeding import DEFAULT_CHUNK, DEFAULT_PROVIDERS, seed
from providers.models import Provider

# Every n-th demo listing (in slug order) has photos, up to --photos listings.
PHOTOGRAPHED_EVERY = 3


class Command(BaseCommand):
    help = (
        "Load the demo: a market's regions and areas, the service, condition and language "
        "vocabularies, fictional providers (some with drawn photos), the starter articles "
        "with drawn hero pictures and, in development only (DEBUG on), an account for each "
        "role. Safe to run again: it adds only what is missing and updates vocabulary terms "
        "whose data changed."
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
        parser.add_argument(
            "--photos",
            type=int,
            default=24,
            help="How many listings get drawn photos (default 24; the demo clinics always do).",
        )
        parser.add_argument(
            "--no-articles",
            action="store_false",
            dest="articles",
            help="Leave out the starter articles.",
        )

    def handle(self, *args, providers, market, chunk_size, photos, articles, **options):
        if providers < 0:
            raise CommandError("--providers cannot be negative.")
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        try:
            seed(providers=providers, market=market, stdout=self.stdout, chunk_size=chunk_size)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        listings = [
            *accounts.clinics()[:2],
            *Provider.objects.listed().order_by("slug")[: photos * PHOTOGRAPHED_EVERY][
                ::PHOTOGRAPHED_EVERY
            ],
        ]
        self.stdout.write(f"Photos: {pictures.photograph(listings)} drawn.")
        if articles:
            call_command("load_starter_articles", stdout=self.stdout)
            drawn = pictures.illustrate(Article.objects.exclude(starter_hash=""))
            self.stdout.write(f"Article pictures: {drawn} drawn.")
        self.introduce_accounts()

    def introduce_accounts(self):
        if refusal := accounts.refusal():
            self.stdout.write(refusal)
            return
        accounts.create()
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo accounts (password for each: {accounts.PASSWORD}):")
        )
        for account in accounts.ACCOUNTS:
            path, what = account.pages[0]
            self.stdout.write(f"  {account.username:<15} {account.role}: {path} ({what})")
        self.stdout.write("Log in at /accounts/login/; the login page lists them too.\n")
