"""The pages the browser tests visit, and the README's pictures of them."""

import io
import os
import re
from pathlib import Path

from django.urls import reverse
from PIL import Image

from providers.models import Area, Photo, Provider

# The directory's submit button: "Show 42 results", "Show 1 result", "Show 1,000+ results".
SHOW_RESULTS = re.compile(r"^Show [\d,+]+ results?$")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def region_with_most(kind=None):
    """The region where most providers (of this kind) have a branch."""
    providers = Provider.objects.listed()
    if kind:
        providers = providers.filter(kind=kind)
    return max(
        Area.objects.regions().order_by("name"),
        key=lambda region: (
            providers.filter(locations__area__in=[region, *region.children.all()])
            .distinct()
            .count()
        ),
    )


def a_profile():
    """A provider with branches, services, practitioners and photos: the fullest kind of profile."""
    return (
        Provider.objects.listed()
        .filter(
            locations__isnull=False,
            offers__isnull=False,
            practitioners__isnull=False,
            photos__in=Photo.objects.prepared(),
        )
        .order_by("name")
        .first()
    )


def page_paths():
    """Home, the directory with filters applied, a profile, and its enquiry form."""
    profile = a_profile()
    return {
        "home": "/",
        "directory": f"/providers/?area={region_with_most().slug}&verified=on",
        "profile": profile.get_absolute_url(),
        "enquiry": reverse("enquiries:new", args=[profile.slug]),
    }


def save_screenshot(page, name, max_height=1800):
    """
    A PNG of the page for the README, 1280 px wide, cut at max_height and reduced to 256
    colours so that it stays small. Written to docs/screenshots/ when UPDATE_SCREENSHOTS is
    set (`make screenshots`); otherwise only taken, so a test run leaves the tree unchanged.
    """
    png = page.screenshot(full_page=True, animations="disabled")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, max_height)))
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(buffer.getvalue())
    return buffer.getvalue()
