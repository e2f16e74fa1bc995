"""
/healthz: JSON, 200 while the database answers, 503 when it does not; a configured cache's
state is reported, and its outage leaves the site serving (200, "degraded").
"""

import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_ok_without_touching_the_session(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in response.cookies


def test_it_answers_503_when_the_database_does_not(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_it_reports_an_unreachable_cache_and_still_serves(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_it_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/providers/").status_code == 301
