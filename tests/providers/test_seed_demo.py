"""`manage.py seed_demo`: demo data covering every kind everywhere, loaded idempotently."""

import io
import math

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from providers.models import (
    Area,
    Credential,
    Location,
    OpeningHours,
    Provider,
    ProviderKind,
)
from tests.conftest import committed

pytestmark = pytest.mark.django_db

KM_PER_DEGREE = 111.32


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded():
    seed(providers=30)


def distance_km(lat1, lng1, lat2, lng2):
    # Equirectangular: plenty accurate over a few kilometres.
    x = (lng2 - lng1) * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(x, lat2 - lat1) * KM_PER_DEGREE


def test_it_creates_the_requested_number_of_providers(seeded):
    assert Provider.objects.count() == 30
    # A few are unpublished, to show that hidden listings stay hidden.
    assert Provider.objects.listed().count() >= 25


def test_it_creates_five_regions_with_their_areas(seeded):
    regions = Area.objects.regions()

    assert regions.count() == 5
    for region in regions:
        assert region.children.exists(), f"{region} has no areas"


def test_every_kind_has_a_provider_in_every_region(seeded):
    covered = set(Location.objects.values_list("provider__kind", "area__parent__slug").distinct())

    for region in Area.objects.regions():
        for kind in ProviderKind.values:
            assert (kind, region.slug) in covered, f"no {kind} in {region}"


def test_every_provider_has_a_branch_with_hours_services_and_a_phone(seeded):
    for provider in Provider.objects.prefetch_related("locations__hours", "offers"):
        branches = list(provider.locations.all())
        assert branches, f"{provider} has no branch"
        assert any(branch.hours.all() for branch in branches), f"{provider} has no hours"
        assert provider.offers.all(), f"{provider} offers nothing"


def test_branches_lie_near_the_centre_of_their_area(seeded):
    for branch in Location.objects.select_related("area"):
        assert branch.area.parent_id is not None, "a branch should be in an area, not a region"
        assert branch.latitude is not None and branch.longitude is not None
        km = distance_km(
            branch.latitude, branch.longitude, branch.area.latitude, branch.area.longitude
        )
        assert km <= 2.0, f"{branch} is {km:.1f} km from the centre of {branch.area}"


def test_some_credentials_are_verified_and_some_expired(seeded):
    today = timezone.localdate()

    assert Credential.objects.filter(is_verified=True).exists()
    assert Credential.objects.filter(valid_until__lt=today).exists()
    assert Credential.objects.filter(is_verified=False).exists()


def test_the_verified_providers_are_those_with_a_checked_current_licence_or_registration():
    with committed():  # the listings are rebuilt once the seed's transaction commits
        seed(providers=30)
    verified = set(Provider.objects.verified().values_list("pk", flat=True))

    assert verified
    assert verified == set(Credential.objects.verifying().values_list("provider", flat=True))


def test_some_hours_run_past_midnight(seeded):
    overnight = OpeningHours.objects.filter(closes__lt=F("opens"))

    assert overnight.exists()


def test_some_branches_are_closed_on_sunday_and_some_open_late(seeded):
    open_on_sunday = set(OpeningHours.objects.filter(weekday=6).values_list("location", flat=True))

    assert Location.objects.exclude(pk__in=open_on_sunday).exists()
    assert OpeningHours.objects.filter(closes__gte="21:00").exists()


def counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("providers").get_models()
    } | {
        "languages": Provider.languages.through.objects.count(),
        "conditions": Provider.conditions.through.objects.count(),
    }


def test_running_it_twice_creates_nothing_new(seeded):
    before = counts()
    slugs = set(Provider.objects.values_list("slug", flat=True))

    seed(providers=30)

    assert counts() == before
    assert set(Provider.objects.values_list("slug", flat=True)) == slugs


def test_asking_for_more_adds_only_the_difference(seeded):
    slugs = set(Provider.objects.values_list("slug", flat=True))

    seed(providers=35)

    assert Provider.objects.count() == 35
    assert slugs < set(Provider.objects.values_list("slug", flat=True))


def test_it_refuses_a_negative_count():
    with pytest.raises(CommandError, match="negative"):
        seed(providers=-1)
