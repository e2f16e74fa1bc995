"""What the HSDS API lets through: filters combined as AND, published listings only, nothing
private, 400 and 404 as JSON naming what was wrong, and a fixed number of queries a page."""

import json

import pytest
from django.core.cache import cache

from api import taxonomies as tx
from providers.models import PostalSector
from providers.vocabulary import Vocabulary
from tests.conftest import committed
from tests.factories import (
    CredentialFactory,
    EnquiryFactory,
    MembershipFactory,
    PractitionerFactory,
    ProviderServiceFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/hsds"


def names(client, path):
    response = client.get(API + path)
    assert response.status_code == 200, response.content
    return sorted(
        item.get("organization", item).get("name") or item["name"]
        for item in response.json()["contents"]
    )


def organizations(client, path):
    return names(client, "/organizations" + path)


def test_unpublished_listings_never_appear(client, listings):
    hidden = listings.hidden
    assert "Hidden Acupuncture" not in organizations(client, "?per_page=100")
    everything = client.get(API + "/services?per_page=100&full=true").content.decode()
    everything += client.get(API + "/service_at_locations?per_page=100").content.decode()
    assert str(hidden.uuid) not in everything
    assert client.get(f"{API}/organizations/{hidden.uuid}").status_code == 404
    assert client.get(f"{API}/services/{hidden.offers.get().uuid}").status_code == 404


def test_nothing_private_is_exported(client, listings):
    member = MembershipFactory(provider=listings.alpha)
    EnquiryFactory(provider=listings.alpha, message="My back hurts at night")
    credential = CredentialFactory(provider=listings.alpha)
    PractitionerFactory(provider=listings.alpha, name="Ms Tan")
    text = client.get(f"{API}/organizations?full=true").content.decode()
    text += client.get(f"{API}/services?full=true&per_page=100").content.decode()
    for private in (
        member.user.email,
        member.user.username,
        "wei.jie@example.org",
        "My back hurts",
    ):
        assert private not in text
    # Credentials and practitioners are not part of this export (the market's regulators, from
    # the profile, are public data: they are).
    assert credential.issuing_body not in text and credential.number not in text
    assert '"practitioners"' not in text and "Ms Tan" not in text


def test_filters_combine_as_and(client, listings):
    acupuncture = tx.term_id(tx.SERVICES, "acupuncture")
    english = tx.term_id(tx.LANGUAGES, "english")
    assert names(client, f"/services?taxonomy_term_id={acupuncture}") == [
        "Alpha Acupuncture",
        "Charlie Physio",
    ]
    assert names(client, f"/services?taxonomy_term_id={english}") == [
        "Bravo Massage",
        "Bravo Massage",
        "Charlie Physio",
        "Charlie Physio",
    ]
    # Acupuncture AND Charlie's organization; a term AND a search.
    assert names(
        client,
        f"/services?taxonomy_term_id={acupuncture}&organization_id={listings.charlie.uuid}",
    ) == ["Charlie Physio"]
    assert names(client, f"/services?taxonomy_term_id={acupuncture}&search=alpha") == [
        "Alpha Acupuncture"
    ]
    assert names(client, f"/services?taxonomy_term_id={english}&search=alpha") == []


def test_a_service_term_keeps_only_that_offer(client, listings):
    cupping = tx.term_id(tx.SERVICES, "cupping")
    response = client.get(f"{API}/services?taxonomy_term_id={cupping}").json()
    assert [service["name"] for service in response["contents"]] == ["Cupping"]


def test_taxonomy_id_area_and_kind_terms(client, listings):
    conditions = tx.TAXONOMIES[tx.CONDITIONS].id
    assert organizations(client, f"?taxonomy_id={conditions}") == [
        "Alpha Acupuncture",
        "Bravo Massage",
        "Charlie Physio",
    ]
    east = tx.term_id(tx.AREAS, "east")
    assert organizations(client, f"?taxonomy_term_id={east}") == [
        "Alpha Acupuncture",
        "Bravo Massage",
    ]
    physio = tx.term_id(tx.KINDS, "physiotherapy")
    assert organizations(client, f"?taxonomy_term_id={physio}&taxonomy_id={conditions}") == [
        "Charlie Physio"
    ]


def test_modified_after(client, listings):
    assert len(organizations(client, "?modified_after=2026-11-25T00:00:00")) == 3
    assert organizations(client, "?modified_after=2026-11-26T00:00:00%2B08:00") == []


def test_postcode_and_proximity_find_branches_near_the_postcode(client, listings):
    # Jurong East's branch stands at the factories' default point; a sector far east of it.
    PostalSector.objects.create(prefix="60", code_length=6, latitude=1.3521, longitude=103.8198)
    PostalSector.objects.create(prefix="52", code_length=6, latitude=1.3521, longitude=104.2)
    near = "?postcode=600123&proximity=1000"
    assert len(organizations(client, near)) == 3
    assert organizations(client, "?postcode=520123&proximity=1000") == []
    pairs = client.get(
        f"{API}/service_at_locations{near}&taxonomy_term_id="
        f"{tx.term_id(tx.SERVICES, 'acupuncture')}"
    ).json()
    assert pairs["total_items"] == 3  # Alpha's two branches and Charlie's one


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("taxonomy_term_id=not-a-uuid", "taxonomy_term_id"),
        ("taxonomy_term_id=00000000-0000-0000-0000-000000000000", "taxonomy_term_id"),
        ("taxonomy_id=00000000-0000-0000-0000-000000000000", "taxonomy_id"),
        ("organization_id=123", "organization_id"),
        ("modified_after=yesterday", "modified_after"),
        ("full=perhaps", "full"),
        ("postcode=abc", "postcode"),
        ("proximity=1000", "proximity"),
        ("postcode=520123&proximity=-1", "proximity"),
        ("format=xml", "format"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, listings, query, parameter):
    response = client.get(f"{API}/services?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert body["error"] == "bad_parameter" and body["parameter"] == parameter


@pytest.mark.parametrize("path", ["/services/{}", "/organizations/{}", "/service_at_locations/{}"])
def test_an_unknown_id_is_a_json_404(client, listings, path):
    response = client.get(API + path.format("3f0e8ad0-8d7e-4a5e-9a34-2f8b0c3c8a11"))
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert client.get(API + path.format("nope")).status_code in (400, 404)


def test_a_page_past_the_last_is_empty(client, listings):
    page = client.get(f"{API}/services?page=9").json()
    assert page["contents"] == [] and page["last_page"] and page["total_items"] == 5


# Queries a page costs, whatever its size: the count, the page, then one per prefetched part
# (whole services: their providers; branches with their areas, hours, exceptions; languages;
# conditions. Whole organizations: the same and their offers).
@pytest.mark.parametrize(
    "path, queries",
    [
        ("/services", 2),
        ("/services?minimal=true", 2),
        ("/services?full=true", 8),
        ("/organizations", 2),
        ("/organizations?full=true", 6),
        ("/service_at_locations", 4),
        ("/service_at_locations?full=true", 6),
        ("/taxonomies", 0),
        ("/taxonomy_terms", 4),
    ],
)
def test_a_page_costs_a_fixed_number_of_queries(
    client, listings, django_assert_num_queries, path, queries
):
    separator = "&" if "?" in path else "?"
    for size in (1, 100):
        # Counted afresh (a list's count is kept once its filters are counted); the
        # vocabulary (addresses' postal sectors) is read once a generation, then cached.
        cache.clear()
        Vocabulary.current()
        with django_assert_num_queries(queries):
            assert client.get(f"{API}{path}{separator}per_page={size}").status_code == 200


def test_a_list_is_counted_again_only_once_a_listing_changes(
    client, listings, django_assert_num_queries
):
    first = client.get(f"{API}/services?per_page=1").json()
    # The same filters, any page: only the page is read.
    with django_assert_num_queries(1):
        again = client.get(f"{API}/services?per_page=1&page=2").json()
    assert again["total_items"] == first["total_items"]
    # A count of other filters is its own.
    tuina = client.get(f"{API}/services?search=tuina").json()["total_items"]
    assert 0 < tuina < first["total_items"]

    with committed():
        ProviderServiceFactory(
            provider=listings.alpha, service=ServiceFactory(name="Gua sha", slug="gua-sha")
        )
    assert client.get(f"{API}/services?per_page=1").json()["total_items"] == (
        first["total_items"] + 1
    )


def test_a_whole_record_costs_a_fixed_number_of_queries(
    client, listings, django_assert_num_queries
):
    offer = listings.alpha.offers.get()
    Vocabulary.current()  # cached, as between requests
    with django_assert_num_queries(7):
        client.get(f"{API}/services/{offer.uuid}")
    with django_assert_num_queries(5):
        client.get(f"{API}/organizations/{listings.alpha.uuid}")
