"""Every object of every answer validates against HSDS 3.0's JSON schemas."""

from uuid import UUID, uuid5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.records import child_id, service_at_location_id
from tests.api.conftest import assert_valid

pytestmark = pytest.mark.django_db

API = "/api/hsds"


def get(client, path):
    response = client.get(API + path)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_root_names_version_profile_and_openapi_document(client):
    about = get(client, "/")
    assert about["version"] == "3.0"
    assert about["openapi_url"].endswith("/api/hsds/openapi.json")
    assert client.get(about["profile"]).status_code == 200


@pytest.mark.parametrize("full", ["false", "true"])
def test_every_service_validates(client, listings, full):
    page = get(client, f"/services?per_page=100&full={full}")
    assert page["total_items"] == 5
    for service in page["contents"]:
        assert_valid(service, "compiled-service" if full == "true" else "compiled-service_list")


def test_a_whole_service_record_validates_with_its_parts(client, listings):
    offer = listings.alpha.offers.get()
    record = get(client, f"/services/{offer.uuid}")
    assert_valid(record, "compiled-service")
    assert record["organization"]["name"] == "Alpha Acupuncture"
    assert record["cost_options"][0] | {"id": None} == {
        "id": None,
        "service_id": str(offer.uuid),
        "option": "One 60-minute session",
        "currency": "SGD",
        "amount": 60.0,
        "amount_description": "SGD 60.00 per 60-minute session.",
    }
    assert [language["code"] for language in record["languages"]] == ["zh"]
    terms = {a["taxonomy_term"]["name"] for a in record["attributes"]}
    assert terms == {"Acupuncture", "Sciatica", "Acupuncture and TCM"}
    branches = {sal["location"]["name"]: sal["location"] for sal in record["service_at_locations"]}
    assert len(branches) == 2
    bedok = branches["Bedok branch"]
    assert bedok["addresses"][0]["city"] == "Bedok"
    assert bedok["addresses"][0]["country"] == "SG"
    schedules = bedok["schedules"]
    assert [(s.get("byday"), s.get("opens_at"), s.get("closes_at")) for s in schedules] == [
        ("MO", "22:00", "02:00"),
        (None, "09:00", "13:00"),
        (None, None, None),
    ]
    assert schedules[1]["valid_from"] == "2026-12-24" and schedules[1]["notes"] == "Christmas Eve"


def test_a_price_on_request_has_no_amount(client, listings):
    offer = listings.bravo.offers.get(service__slug="tuina")
    record = get(client, f"/services/{offer.uuid}")
    assert_valid(record, "compiled-service")
    assert "amount" not in record["cost_options"][0]
    assert record["fees_description"] == "Price on request."


@pytest.mark.parametrize("full", ["false", "true"])
def test_every_organization_validates(client, listings, full):
    page = get(client, f"/organizations?full={full}")
    assert page["total_items"] == 3
    for organization in page["contents"]:
        assert_valid(
            organization,
            "compiled-organization" if full == "true" else "compiled-organization_list",
        )
    record = get(client, f"/organizations/{listings.charlie.uuid}")
    assert_valid(record, "compiled-organization")
    assert {service["name"] for service in record["services"]} == {"Acupuncture", "Cupping"}


@pytest.mark.parametrize("full", ["false", "true"])
def test_every_service_at_location_validates(client, listings, full):
    page = get(client, f"/service_at_locations?full={full}")
    # Alpha's one offer at two branches, Bravo's two offers and Charlie's two at one each.
    assert page["total_items"] == 6
    for item in page["contents"]:
        name = (
            "compiled-service_at_location"
            if full == "true"
            else "compiled-service_at_location_list"
        )
        assert_valid(item, name)


def test_every_taxonomy_and_term_validates(client, listings):
    taxonomies = get(client, "/taxonomies")["contents"]
    assert {t["name"] for t in taxonomies} == {
        "Treatments",
        "Conditions",
        "Languages",
        "Areas",
        "Kinds of provider",
    }
    for taxonomy in taxonomies:
        assert_valid(taxonomy, "taxonomy")
    terms = get(client, "/taxonomy_terms?per_page=100")
    assert terms["total_items"] == 4 + 2 + 3 + 5 + 5
    for term in terms["contents"]:
        assert_valid(term, "taxonomy_term")


def test_term_ids_are_the_same_on_every_database(client, listings):
    # UUID 5 of the vocabulary and the slug: not the row's id, which differs between copies.
    terms = get(client, "/taxonomy_terms?search=sciatica")["contents"]
    assert [term["id"] for term in terms] == ["f7b763a0-9361-512f-aa60-664bdbd78a6c"]


def test_the_openapi_document_is_3_1_and_the_docs_page_uses_no_cdn(client):
    document = get(client, "/openapi.json")
    assert document["openapi"] == "3.1.0"
    assert {"/api/hsds/services", "/api/hsds/services/{id}"} <= set(document["paths"])
    page = client.get(API + "/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


@given(st.uuids(), st.text())
def test_a_part_of_a_row_has_the_uuid5_of_its_name_in_the_rows_uuid(parent, part):
    assert child_id(parent, part) == str(uuid5(parent, part))


def test_each_service_at_a_location_can_be_read_by_its_id(client, listings):
    listed = get(client, "/service_at_locations?full=true&per_page=100")["contents"]
    assert len(listed) == 6
    for item in listed:
        assert UUID(item["id"]).version == 4
        record = get(client, f"/service_at_locations/{item['id']}")
        assert_valid(record, "compiled-service_at_location")
        assert record == item


def test_a_service_at_a_location_of_an_unpublished_listing_is_a_404(client, listings):
    hidden = listings.hidden
    branch = hidden.locations.get()
    id = service_at_location_id(hidden.offers.get(), branch)
    assert client.get(f"{API}/service_at_locations/{id}").status_code == 404
    hidden.is_published = True
    hidden.save()
    assert get(client, f"/service_at_locations/{id}")["location_id"] == str(branch.uuid)
