"""
The test world most tests share (registered in tests/conftest.py): a few places as the demo
data names them, and a small directory in them.
"""

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

# Open round the clock, every day.
ALL_WEEK = [(day, "00:00", "00:00") for day in range(7)]


@pytest.fixture
def places(db):
    """Two regions: East (Tampines and Bedok) and West (Jurong East)."""
    east = RegionFactory(name="East", slug="east", latitude=1.35, longitude=103.94)
    west = RegionFactory(name="West", slug="west", latitude=1.35, longitude=103.70)
    return SimpleNamespace(
        east=east,
        west=west,
        tampines=AreaFactory(name="Tampines", slug="tampines", parent=east),
        bedok=AreaFactory(name="Bedok", slug="bedok", parent=east),
        jurong=AreaFactory(name="Jurong East", slug="jurong-east", parent=west),
    )


@pytest.fixture
def directory(places):
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
    east, west = places.east, places.west
    tampines, bedok, jurong = places.tampines, places.bedok, places.jurong
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
