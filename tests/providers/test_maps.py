"""
The results map and a profile's map: a box per map with the markers as data, the marker images
named by the static files storage (hashed names under collectstatic), a switch that puts the
map behind the list on phones, and a stylesheet that hides both without JavaScript.
"""

import json
from html.parser import HTMLParser

import pytest
from django.templatetags.static import static

from tests.factories import LocationFactory, ProviderFactory

pytestmark = pytest.mark.django_db

IMAGES = {
    "data-icon-url": "vendor/leaflet/images/marker-icon.png",
    "data-icon-retina-url": "vendor/leaflet/images/marker-icon-2x.png",
    "data-shadow-url": "vendor/leaflet/images/marker-shadow.png",
}


@pytest.fixture
def located():
    provider = ProviderFactory(name="Harbour Physio")
    LocationFactory(provider=provider, latitude=1.30, longitude=103.85)
    return provider


class Elements(HTMLParser):
    """Every start tag of a page, as (tag, {attribute: value}), and each script's text by id."""

    def __init__(self, content):
        super().__init__()
        self.found, self.scripts, self._script = [], {}, None
        self.feed(content)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.found.append((tag, attributes))
        self._script = attributes.get("id") if tag == "script" else None

    def handle_data(self, data):
        if self._script:
            self.scripts[self._script] = self.scripts.get(self._script, "") + data

    def handle_endtag(self, tag):
        self._script = None

    def having(self, attribute, value=None):
        return [
            attrs
            for _tag, attrs in self.found
            if attribute in attrs and (value is None or value in attrs[attribute].split())
        ]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Elements(response.content.decode())


def test_the_results_map_has_its_markers_images_and_a_switch_for_phones(client, located):
    found = page(client, "/providers/?near=1.3,103.85&radius=5")

    [box] = found.having("class", "results-map")
    assert {name: box[name] for name in IMAGES} == {
        name: static(path) for name, path in IMAGES.items()
    }
    markers = json.loads(found.scripts[box["data-map-markers"]])
    assert [marker["name"] for marker in markers] == ["Harbour Physio"]
    [switch] = found.having("data-map-switch")
    assert (switch["aria-controls"], switch["aria-expanded"]) == (box["id"], "false")
    assert found.having("href", static("css/noscript.css"))


def test_a_profiles_map_is_shown_without_a_switch(client, located):
    found = page(client, located.get_absolute_url())

    [box] = found.having("class", "profile-map")
    assert box["aria-label"] == "Map of Harbour Physio's branch"
    assert box["data-icon-url"] == static(IMAGES["data-icon-url"])
    assert not found.having("data-map-switch")


def test_leaflet_is_named_by_the_map_and_not_loaded_with_the_page(client, located):
    found = page(client, located.get_absolute_url())

    [box] = found.having("data-map")
    leaflet = static("vendor/leaflet/leaflet.js"), static("vendor/leaflet/leaflet.css")
    assert (box["data-leaflet-js"], box["data-leaflet-css"]) == leaflet
    # js/map.js fetches them when the map is about to be drawn.
    assert not found.having("src", leaflet[0])
    assert not found.having("href", leaflet[1])
