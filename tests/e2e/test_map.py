"""
The results map and a profile's map keep every marker inside their box, with its image loaded,
at a phone's width (where the list comes first and the map shows on request) and a desktop's.
"""

import pytest
from playwright.sync_api import expect

from providers.models import Provider

pytestmark = pytest.mark.e2e

# Where Leaflet's default marker points: the middle of its foot.
TIP_X, TIP_Y = 12, 41
# Whether a marker's image loaded, waiting for it if it is still on its way.
LOADED = """image => image.complete ? image.naturalWidth > 0 : new Promise(done => {
    image.addEventListener("load", () => done(image.naturalWidth > 0));
    image.addEventListener("error", () => done(false));
})"""


def assert_markers_inside(page, box_selector):
    box = page.locator(box_selector).bounding_box()
    markers = page.locator(f"{box_selector} .leaflet-marker-icon")
    assert markers.count() > 0
    for marker in markers.all():
        found = marker.bounding_box()
        x, y = found["x"] + TIP_X, found["y"] + TIP_Y
        assert box["x"] <= x <= box["x"] + box["width"], (found, box)
        assert box["y"] <= y <= box["y"] + box["height"], (found, box)
        assert marker.evaluate(LOADED)


@pytest.mark.parametrize("sized", [390, 1280], indirect=True)
def test_every_marker_lies_inside_its_map_with_its_image(site, sized):
    width, page = sized
    page.goto(site + "/providers/?q=massage&near=Tampines&radius=20")
    if width < 640:
        # The results first; the map behind its switch.
        expect(page.locator(".results-map")).to_be_hidden()
        page.get_by_role("button", name="Show the map").click()
        expect(page.get_by_role("button", name="Hide the map")).to_have_attribute(
            "aria-expanded", "true"
        )
    else:
        expect(page.get_by_role("button", name="Show the map")).to_be_hidden()
    expect(page.locator(".results-map.is-drawn")).to_be_visible()
    assert_markers_inside(page, ".results-map")

    provider = Provider.objects.listed().filter(locations__latitude__isnull=False).first()
    page.goto(site + provider.get_absolute_url())
    # Below the first screen, the map (and Leaflet) waits until it comes near.
    page.locator(".profile-map").scroll_into_view_if_needed()
    expect(page.locator(".profile-map.is-drawn")).to_be_visible()
    assert_markers_inside(page, ".profile-map")
