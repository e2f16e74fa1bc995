"""The Host header with its port, refused hosts logged as warnings, and security.txt."""

import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.HOST_PORTS = ["80", "443", "8000"]


def test_a_host_with_a_port_it_does_not_serve_is_refused(client, production):
    assert client.get("/robots.txt", HTTP_HOST="localhost:99999").status_code == 400
    assert client.get("/robots.txt", HTTP_HOST="localhost:8000").status_code == 200
    robots = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in robots


def test_a_refused_host_is_logged_as_a_warning(client, production, caplog):
    with caplog.at_level(logging.INFO, logger="django.security.DisallowedHost"):
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400

    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING"


def test_security_txt_names_the_contact_and_expires_within_a_year(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@backpain.example"

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Contact: mailto:security@backpain.example" in body
    assert "Expires: 2027-11-25T" in body
