import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from providers.models import OpeningException
from tests.factories import LocationFactory, ProviderServiceFactory, ServiceFactory

SCHEMAS = Path(__file__).parent / "hsds-3.0"


@cache
def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(record, name):
    errors = sorted(validator(name).iter_errors(record), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture
def listings(directory, at):
    """The shared directory, with a second branch, a closure and special hours at Alpha."""
    alpha = directory.alpha
    second = LocationFactory(
        provider=alpha, name="Bedok branch", area=directory.bedok, hours=[(0, "22:00", "02:00")]
    )
    OpeningException.objects.create(location=second, date=at(2026, 12, 25, 0, 0).date())
    OpeningException.objects.create(
        location=second,
        date=at(2026, 12, 24, 0, 0).date(),
        closed=False,
        opens=at(2026, 1, 1, 9, 0).time(),
        closes=at(2026, 1, 1, 13, 0).time(),
        reason="Christmas Eve",
    )
    # Price on request.
    ProviderServiceFactory(
        provider=directory.bravo, service=ServiceFactory(name="Tuina", slug="tuina"), price=None
    )
    return directory
