"""
Listings that may be one practice twice (the same phone number, or a branch at the same postal
code under a similar name) are noted when a listing is added or claimed; a moderator merges
the newer into the existing one, or dismisses the pair.
"""

import pytest
from django.urls import reverse

from clinics.models import ClaimRequest, Membership
from enquiries.models import Enquiry
from providers import duplicates
from providers.models import DuplicateStatus, Location, PossibleDuplicate, Provider
from tests.clinics.fixtures import CLAIM
from tests.conftest import committed
from tests.factories import (
    EnquiryFactory,
    LocationFactory,
    MembershipFactory,
    PractitionerFactory,
    ProviderFactory,
    ProviderServiceFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("+65 6123 4567", "6123 4567", True),
        ("+65 6123-4567", "+6561234567", True),
        ("+65 6123 4567", "+65 6123 4568", False),
        ("", "", False),
        ("123", "123", False),
    ],
)
def test_a_number_is_the_same_with_or_without_its_country_code(a, b, same):
    assert duplicates.same_number(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Kallang Physio Clinic", "Kallang Physio", True),
        ("Kallang Physio Pte. Ltd.", "kallang physio", True),
        ("Kallang Physio", "Bedok Chiropractic", False),
    ],
)
def test_names_are_similar_without_the_words_every_practice_uses(a, b, similar):
    assert duplicates.similar(a, b) is similar


def test_the_same_phone_number_makes_a_pair(db):
    existing = ProviderFactory(name="Kallang Physio", phone="+65 6123 4567")
    new = ProviderFactory(name="KP Rehab", phone="61234567")

    assert duplicates.record(new, "a new listing") == 1

    pair = PossibleDuplicate.objects.get()
    assert (pair.listing, pair.existing, pair.status) == (new, existing, DuplicateStatus.OPEN)
    assert "the same phone number" in pair.reason


def test_a_branch_phone_counts_too(db):
    existing = ProviderFactory(phone="+65 6000 0000")
    LocationFactory(provider=existing, phone="+65 6777 8888")
    new = ProviderFactory(phone="+65 6777 8888")

    assert [other for other, _ in duplicates.matches(new)] == [existing]


def test_a_similar_name_at_the_same_postal_code_makes_a_pair(db):
    existing = ProviderFactory(name="Tanjong Spine Centre", phone="+65 6111 1111")
    LocationFactory(provider=existing, postal_code="088888", phone="+65 6111 0001")
    new = ProviderFactory(name="Tanjong Spine Clinic", phone="+65 6222 2222")
    LocationFactory(provider=new, postal_code="088888", phone="+65 6222 0002")
    other = ProviderFactory(name="Harbour Acupuncture", phone="+65 6333 3333")
    LocationFactory(provider=other, postal_code="088888", phone="+65 6333 0003")

    found = duplicates.matches(new)

    assert [p for p, _ in found] == [existing]
    assert "postal code 088888" in found[0][1]


def test_a_pair_is_noted_once_whichever_way_round(db):
    a = ProviderFactory(phone="+65 6123 4567")
    b = ProviderFactory(phone="+65 6123 4567")

    duplicates.record(b, "a new listing")
    assert duplicates.record(a, "a new listing") == 0
    assert PossibleDuplicate.objects.count() == 1


def test_a_claim_with_another_listings_number_makes_a_pair(client):
    claimed = ProviderFactory(name="KP Rehab", phone="+65 6999 0000")
    other = ProviderFactory(name="Kallang Physio", phone=CLAIM["phone"])
    url = reverse("claim_listing", args=[claimed.slug])
    key = client.get(url).context["form"].initial["submission_key"]

    client.post(url, {**CLAIM, "submission_key": key})

    pair = PossibleDuplicate.objects.get()
    assert (pair.listing, pair.existing, pair.found_when) == (claimed, other, "a claim")


@pytest.fixture
def pair(db):
    kept = ProviderFactory(name="Kallang Physio", phone="+65 6123 4567")
    LocationFactory(provider=kept, name="Kallang")
    shared = ServiceFactory(name="Massage", slug="massage")
    ProviderServiceFactory(provider=kept, service=shared)
    duplicate = ProviderFactory(name="Kallang Physio Clinic", phone="+65 6123 4567")
    LocationFactory(provider=duplicate, name="Bedok")
    PractitionerFactory(provider=duplicate, name="Dr Tan")
    ProviderServiceFactory(provider=duplicate, service=shared)
    ProviderServiceFactory(
        provider=duplicate, service=ServiceFactory(name="Dry needling", slug="dry-needling")
    )
    both = UserFactory(username="both")
    MembershipFactory(user=both, provider=kept)
    MembershipFactory(user=both, provider=duplicate)
    MembershipFactory(user=UserFactory(username="only-dup"), provider=duplicate)
    EnquiryFactory(provider=duplicate)
    duplicates.record(duplicate, "a new listing")
    return PossibleDuplicate.objects.get()


def test_merging_moves_everything_into_the_existing_listing(pair):
    moderator = UserFactory(is_staff=True, groups=["Moderators"])
    kept, duplicate = pair.existing, pair.listing

    with committed():
        duplicates.merge(pair, moderator)

    assert sorted(Location.objects.filter(provider=kept).values_list("name", flat=True)) == [
        "Bedok",
        "Kallang",
    ]
    assert kept.practitioners.get().name == "Dr Tan"
    assert sorted(kept.offers.values_list("service__slug", flat=True)) == [
        "dry-needling",
        "massage",
    ]
    assert sorted(
        Membership.objects.filter(provider=kept).values_list("user__username", flat=True)
    ) == [
        "both",
        "only-dup",
    ]
    assert Enquiry.objects.get().provider == kept
    assert not Provider.objects.get(pk=duplicate.pk).is_published
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (DuplicateStatus.MERGED, moderator)


def test_the_merged_listing_shows_its_new_branch(client, pair):
    with committed():
        duplicates.merge(pair, UserFactory())

    page = client.get(pair.existing.get_absolute_url()).content.decode()

    assert "Bedok" in page and "Dr Tan" in page
    assert client.get(pair.listing.get_absolute_url()).status_code == 404


def test_moderators_merge_or_dismiss_from_the_pairs_page(client, pair):
    client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
    page_url = reverse("admin:providers_possibleduplicate_change", args=[pair.pk])

    page = client.get(page_url).content.decode()
    assert "Kallang Physio Clinic" in page and 'name="_merge"' in page

    client.post(page_url, {"_dismiss": "1"})

    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.DISMISSED
    assert Provider.objects.get(pk=pair.listing.pk).is_published


def test_a_waiting_claim_on_both_stays_one_claim(pair):
    for provider in (pair.existing, pair.listing):
        ClaimRequest.objects.create(
            provider=provider, name="A", role="Owner", email="a@b.org", phone="1", verification="x"
        )

    with committed():
        duplicates.merge(pair, UserFactory())

    assert ClaimRequest.objects.filter(provider=pair.existing, status="pending").count() == 1
