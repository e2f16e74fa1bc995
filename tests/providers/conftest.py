"""A small directory most view tests share, and helpers to read pages."""

import html
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from providers.models import Gender, ProviderKind
from tests.factories import (
    AreaFactory,
    ConditionFactory,
    LanguageFactory,
    LocationFactory,
    PractitionerFactory,
    ProviderFactory,
    RegionFactory,
    ServiceFactory,
)

ALL_WEEK = [(day, "00:00", "00:00") for day in range(7)]


@pytest.fixture
def directory(db):
    """
    Three listed providers and one hidden one, spread over two regions:

    | provider        | kind          | services (SGD)              | area        | languages      |
    | Alpha Acupunct. | acupuncture   | acupuncture 60              | Tampines/E  | Mandarin       |
    | Bravo Massage   | massage       | Swedish massage 90          | Bedok/E     | English, Malay |
    | Charlie Physio  | physiotherapy | cupping 40, acupuncture 150 | Jurong E./W | English        |

    Alpha: sciatica, female practitioner, verified, home visits, open all week, round the clock.
    Bravo: scoliosis, male practitioner, wheelchair accessible, no hours listed.
    Charlie: sciatica and scoliosis, female practitioner, verified, no hours listed.
    """
    east = RegionFactory(name="East", slug="east")
    west = RegionFactory(name="West", slug="west")
    tampines = AreaFactory(name="Tampines", slug="tampines", parent=east)
    bedok = AreaFactory(name="Bedok", slug="bedok", parent=east)
    jurong = AreaFactory(name="Jurong East", slug="jurong-east", parent=west)
    acupuncture = ServiceFactory(name="Acupuncture", slug="acupuncture")
    swedish = ServiceFactory(name="Swedish massage", slug="swedish-massage")
    cupping = ServiceFactory(name="Cupping", slug="cupping")
    sciatica = ConditionFactory(name="Sciatica", slug="sciatica")
    scoliosis = ConditionFactory(name="Scoliosis", slug="scoliosis")
    english = LanguageFactory(name="English", slug="english", code="en")
    mandarin = LanguageFactory(name="Mandarin", slug="mandarin", code="zh")
    malay = LanguageFactory(name="Malay", slug="malay", code="ms")

    alpha = ProviderFactory(
        name="Alpha Acupuncture",
        slug="alpha-acupuncture",
        kind=ProviderKind.ACUPUNCTURE,
        services=[(acupuncture, Decimal("60"))],
        conditions=[sciatica],
        languages=[mandarin],
        is_verified=True,
        home_visits=True,
    )
    LocationFactory(provider=alpha, area=tampines, hours=ALL_WEEK)
    PractitionerFactory(provider=alpha, gender=Gender.FEMALE)

    bravo = ProviderFactory(
        name="Bravo Massage",
        slug="bravo-massage",
        kind=ProviderKind.MASSAGE,
        services=[(swedish, Decimal("90"))],
        conditions=[scoliosis],
        languages=[english, malay],
        wheelchair_accessible=True,
    )
    LocationFactory(provider=bravo, area=bedok)
    PractitionerFactory(provider=bravo, gender=Gender.MALE)

    charlie = ProviderFactory(
        name="Charlie Physio",
        slug="charlie-physio",
        kind=ProviderKind.PHYSIOTHERAPY,
        services=[(cupping, Decimal("40")), (acupuncture, Decimal("150"))],
        conditions=[sciatica, scoliosis],
        languages=[english],
        is_verified=True,
    )
    LocationFactory(provider=charlie, area=jurong)
    PractitionerFactory(provider=charlie, gender=Gender.FEMALE)

    hidden = ProviderFactory(
        name="Hidden Acupuncture",
        slug="hidden-acupuncture",
        kind=ProviderKind.ACUPUNCTURE,
        services=[(acupuncture, Decimal("10"))],
        conditions=[sciatica, scoliosis],
        languages=[english, mandarin, malay],
        is_verified=True,
        home_visits=True,
        wheelchair_accessible=True,
        is_published=False,
    )
    LocationFactory(provider=hidden, area=tampines, hours=ALL_WEEK)
    PractitionerFactory(provider=hidden, gender=Gender.FEMALE)

    return SimpleNamespace(**locals())


def text(response):
    """
    A response's (or a piece of HTML's) text as a reader sees it: inline tags dropped,
    other tags read as a space, entities decoded, whitespace squeezed.
    """
    body = response if isinstance(response, str) else response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    body = re.sub(r"</?(a|abbr|b|code|em|i|small|span|strong|time)\b[^>]*>", "", body, flags=re.I)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())


def hrefs(response):
    """Every link target on the page, entities decoded."""
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode())]


# The two clinics with staff that the /manage/ tests share.
from tests.providers.manage_fixtures import clinics  # noqa: E402, F401


def search_rebuilds(queries):
    """
    The queries among these (a CaptureQueriesContext) that rebuilt providers' search data:
    providers.search.refresh_documents' one UPDATE on PostgreSQL, its bulk update elsewhere.
    """
    return [
        q
        for q in queries
        if q["sql"].lstrip().startswith('UPDATE "providers_provider"')
        and "search_terms" in q["sql"]
    ]
