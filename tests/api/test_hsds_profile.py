"""The site's HSDS profile: served from /api/hsds/, its patches and merged schemas valid."""

import pytest
from jsonschema import Draft202012Validator

from api import profile
from markets import market
from providers.models import PostalSector
from tests.api.conftest import assert_valid
from tests.conftest import committed

pytestmark = pytest.mark.django_db


def test_the_root_links_the_profile_which_lists_its_files(client):
    about = client.get("/api/hsds/").json()
    document = client.get(about["profile"]).json()
    assert document["version"] == profile.VERSION and document["based_on"] == "HSDS 3.0"
    assert set(document["profile"]) == {"organization.json", "address.json", "regulator.json"}
    for url in [*document["profile"].values(), *document["schema"].values()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")


def test_every_merged_schema_is_a_valid_json_schema(client):
    PostalSector.objects.create(prefix="52", code_length=6, latitude=1.35, longitude=103.94)
    for name in (*profile.TABLES, *profile.NEW_TABLES):
        schema = client.get(f"/api/hsds/schema/{name}.json").json()
        Draft202012Validator.check_schema(schema)
    address = client.get("/api/hsds/schema/address.json").json()
    assert address["properties"]["postal_sector"]["enum"] == ["", "52"]
    assert address["properties"]["postal_code"]["pattern"] == "^(|[0-9]{6})$"
    assert address["properties"]["city"]["name"] == "city"  # HSDS's own, kept


def test_the_regulators_come_from_the_market(client):
    document = client.get("/api/hsds/profile").json()
    names = [body["name"] for body in document["value_sets"]["regulators"]]
    assert names == [body.name for body in market.current().regulators]
    assert "Allied Health Professions Council" in names


def test_a_whole_organization_names_the_regulators_of_its_kind(client, listings):
    record = client.get(f"/api/hsds/organizations/{listings.charlie.uuid}").json()
    assert [body["abbreviation"] for body in record["regulators"]] == ["AHPC"]


def test_an_unknown_profile_file_is_a_json_404(client):
    response = client.get("/api/hsds/profile/nothing.json")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert client.get("/api/hsds/schema/program.json").status_code == 404


def test_an_address_names_its_postal_sector_as_the_profile_says(client, listings):
    PostalSector.objects.create(prefix="52", code_length=6, latitude=1.35, longitude=103.94)
    main = listings.alpha.locations.exclude(name="Bedok branch").get()
    bedok = listings.alpha.locations.get(name="Bedok branch")
    bedok.postal_code = "469001"  # in no sector the market lists
    with committed():
        bedok.save()

    record = client.get(f"/api/hsds/organizations/{listings.alpha.uuid}").json()
    assert_valid(record, "compiled-organization")
    address = {branch["id"]: branch["addresses"][0] for branch in record["locations"]}
    assert address[str(main.uuid)]["postal_sector"] == "52"
    assert "postal_sector" not in address[str(bedok.uuid)]
    # Each address is valid against the profile's merged schema, which declares the sector.
    schema = Draft202012Validator(client.get("/api/hsds/schema/address.json").json())
    for found in address.values():
        assert not list(schema.iter_errors(found))
    service = client.get(f"/api/hsds/services/{listings.alpha.offers.get().uuid}").json()
    places = [pair["location"]["addresses"][0] for pair in service["service_at_locations"]]
    assert {found.get("postal_sector") for found in places} == {"52", None}
