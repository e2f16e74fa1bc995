"""format=ndjson: every matching record, whole, one a line, streamed without pagination."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import taxonomies as tx
from tests.api.conftest import assert_valid
from tests.factories import LocationFactory, ProviderFactory, ProviderServiceFactory

pytestmark = pytest.mark.django_db

API = "/api/hsds"


def streamed(client, path):
    response = client.get(API + path)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    text = b"".join(response.streaming_content).decode()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_every_service_streams_whole_and_valid_past_one_page(client, listings):
    lines = streamed(client, "/services?format=ndjson&per_page=1&page=2")
    # per_page and page do not apply: all five, each a whole record.
    assert len(lines) == 5
    for service in lines:
        assert_valid(service, "compiled-service")
        assert service["service_at_locations"] and service["cost_options"]


@pytest.mark.parametrize("chunk", [2, 500])
def test_a_streamed_record_is_the_record_its_own_address_answers(
    client, listings, monkeypatch, chunk
):
    # Records of a chunk share their common parts (records.Shared): whether a provider's
    # services fall in one chunk or several, each is whole, and the same as read alone.
    monkeypatch.setattr("api.views.STREAM_CHUNK", chunk)
    for service in streamed(client, "/services?format=ndjson"):
        assert service == client.get(f"{API}/services/{service['id']}").json()
    for organization in streamed(client, "/organizations?format=ndjson"):
        assert organization == client.get(f"{API}/organizations/{organization['id']}").json()


def test_minimal_services_stream_their_ids(client, listings):
    lines = streamed(client, "/services?format=ndjson&minimal=true")
    assert len(lines) == 5
    assert all(set(line) == {"id", "last_modified"} for line in lines)


def test_organizations_and_services_at_locations_stream_whole(client, listings):
    organizations = streamed(client, "/organizations?format=ndjson")
    assert [o["name"] for o in organizations] == [
        "Alpha Acupuncture",
        "Bravo Massage",
        "Charlie Physio",
    ]
    for organization in organizations:
        assert_valid(organization, "compiled-organization")
    pairs = streamed(client, "/service_at_locations?format=ndjson")
    assert len(pairs) == 6
    for pair in pairs:
        assert_valid(pair, "compiled-service_at_location")
        assert pair["location"]["addresses"] and pair["service"]["name"]


def test_taxonomies_and_terms_stream(client, listings):
    assert len(streamed(client, "/taxonomies?format=ndjson")) == 5
    terms = streamed(
        client, f"/taxonomy_terms?format=ndjson&taxonomy_id={tx.TAXONOMIES[tx.AREAS].id}"
    )
    assert len(terms) == 5
    for term in terms:
        assert_valid(term, "taxonomy_term")


def test_the_filters_apply_and_unpublished_listings_never_appear(client, listings):
    acupuncture = tx.term_id(tx.SERVICES, "acupuncture")
    lines = streamed(client, f"/services?format=ndjson&taxonomy_term_id={acupuncture}")
    assert [line["organization"]["name"] for line in lines] == [
        "Alpha Acupuncture",
        "Charlie Physio",
    ]
    found = streamed(
        client,
        f"/service_at_locations?format=ndjson&taxonomy_term_id={acupuncture}"
        f"&organization_id={listings.charlie.uuid}",
    )
    assert [pair["service"]["organization_id"] for pair in found] == [str(listings.charlie.uuid)]
    hidden = str(listings.hidden.uuid)
    for path in ("/services", "/organizations", "/service_at_locations"):
        response = client.get(f"{API}{path}?format=ndjson")
        assert hidden not in b"".join(response.streaming_content).decode()


def test_a_bad_parameter_is_still_a_400_before_anything_streams(client, listings):
    response = client.get(f"{API}/services?format=ndjson&postcode=abc")
    assert response.status_code == 400 and not response.streaming
    assert response.json()["parameter"] == "postcode"


def queries_to_stream(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(API + path)
        b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/services?format=ndjson",
        "/organizations?format=ndjson",
        "/service_at_locations?format=ndjson",
    ],
)
def test_queries_grow_with_chunks_not_records(client, listings, monkeypatch, path):
    one_chunk = queries_to_stream(client, path)
    for number in range(12):
        provider = ProviderFactory(name=f"Extra {number}", slug=f"extra-{number}")
        ProviderServiceFactory(provider=provider, service=listings.cupping)
        LocationFactory(provider=provider, area=listings.bedok, hours=[(0, "09:00", "17:00")])
    # Fifteen records and more, still read as one chunk: the same queries.
    assert queries_to_stream(client, path) == one_chunk
    # In chunks of four, each chunk reads its own prefetches: a few chunks, not one a record.
    monkeypatch.setattr("api.views.STREAM_CHUNK", 4)
    chunked = queries_to_stream(client, path)
    assert one_chunk < chunked <= one_chunk * 5
