"""
schemathesis against the served OpenAPI document: generated requests to every operation, each
answer checked against what the document promises (status codes, content types, schemas), on
a small directory. Bounded and derandomized, so that CI stays fast and finds the same cases.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from backpain_site.wsgi import application

# Read from the site as a client reads it (when the tests are collected: it needs no database).
# Not schemathesis.pytest.from_fixture: with pytest 9 it fails on a pytest attribute it writes.


def from_an_address(environ, start_response):
    # A server always gives the client's address; the in-process calls give none, and the
    # API's rate limit counts requests per address.
    environ.setdefault("REMOTE_ADDR", "192.0.2.10")
    return application(environ, start_response)


schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", from_an_address)


@pytest.fixture(autouse=True)
def small_directory(db, listings, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Every example comes from one address: the anonymous limit (tests/api/test_hsds_access.py)
    # would refuse most of them.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": {"address": "100000/m"}}
    # The requests go to the WSGI application itself, which closes the database connection at
    # each request's end; the test's transaction must outlive them, as Django's test client
    # keeps it (it disconnects the same handler).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    database=None,
    deadline=None,
    # The directory is built once per operation, not per example: examples only read it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_the_promises_of_its_openapi_document(case):
    case.call_and_validate(
        # Uncompressed: the test client does not undo the site's compression middleware.
        headers={"Accept-Encoding": "identity"},
        # A well-formed value that means nothing here (proximity without postcode, an id of no
        # taxonomy) is a 400 naming the parameter, by design; the document says so.
        excluded_checks=[positive_data_acceptance],
    )
