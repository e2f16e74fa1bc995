from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from clinics.models import Membership, MembershipRole
from providers.models import Provider

USERNAME = "demo-staff"


class Command(BaseCommand):
    help = (
        "Give the demo's first listings a staff account, so that their profiles take enquiries "
        f"and their /manage/ pages can be tried: `{USERNAME}`, without a password until you "
        f"set one (manage.py changepassword {USERNAME}). Safe to run again. For the demo data "
        "only: never on a real directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=10, help="How many (default 10).")

    def handle(self, *args, listings, **options):
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "demo-staff@example.org"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        providers = (
            Provider.objects.listed()
            .filter(locations__isnull=False, offers__isnull=False, practitioners__isnull=False)
            .distinct()
            .order_by("name")[:listings]
        )
        added = 0
        for provider in providers:
            _, new = Membership.objects.get_or_create(
                user=user, provider=provider, defaults={"role": MembershipRole.OWNER}
            )
            added += new
        self.stdout.write(f"{USERNAME}: staff of {added} more listings.")
