"""Settings refuse to start production without a secret; the site's plumbing URLs answer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from providers.sitemaps import ProviderSitemap
from tests.factories import AreaFactory, LocationFactory, ProviderFactory, ServiceFactory
from tests.sitemaps import sitemap_pages, sitemap_urls

PROJECT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup()"


def run_django_setup(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "backpain_site.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_with_debug_off_and_no_secret_key():
    result = run_django_setup(DEBUG="0", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_it_starts_with_debug_off_and_a_secret_key():
    result = run_django_setup(
        DEBUG="0",
        ALLOWED_HOSTS="example.org",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://user@db.example.org/backpain",
    )

    assert result.returncode == 0, result.stderr


def test_it_starts_in_development_without_a_secret_key():
    assert run_django_setup(DEBUG="1").returncode == 0


@pytest.mark.django_db
def test_healthz_answers_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_the_sitemap_lists_listed_providers_and_terms(client):
    acupuncture = ServiceFactory(slug="acupuncture")
    shown = ProviderFactory(slug="shown-clinic", services=[acupuncture])
    LocationFactory(provider=shown, area=AreaFactory(slug="tampines"))
    ProviderFactory(slug="hidden-clinic", is_published=False)

    urls = sitemap_urls(client)

    assert "http://testserver/providers/shown-clinic/" in urls
    assert not any("hidden-clinic" in url for url in urls)
    assert "http://testserver/services/acupuncture/" in urls
    assert "http://testserver/areas/tampines/" in urls


@pytest.mark.django_db
def test_every_provider_is_in_the_sitemap_however_many_pages_it_takes(client, monkeypatch):
    monkeypatch.setattr(ProviderSitemap, "limit", 2)
    providers = [ProviderFactory() for _ in range(5)]

    pages = [page for page in sitemap_pages(client) if "sitemap-providers" in page]
    urls = sitemap_urls(client)

    # A section per language, five providers two a page in each: 3 pages a language.
    assert len(pages) == 12
    for provider in providers:
        for prefix in ("", "/zh-hans", "/ms", "/ta"):
            assert f"http://testserver{prefix}{provider.get_absolute_url()}" in urls
    assert len(urls) == len(set(urls))


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
