"""
Anonymous visitors' public pages come from the cache; a changed listing or article shows on
the next request; signed-in users, messages and forms always get a fresh page.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.articles.factories import ArticleFactory, SourceFactory
from tests.conftest import committed
from tests.factories import LocationFactory, ProviderFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_it_serves_the_directory_from_the_cache(client, django_assert_num_queries):
    ProviderFactory(name="Spine Care")

    first = client.get("/providers/")
    with django_assert_num_queries(0):
        second = client.get("/providers/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second and "X-Request-ID" in second


def test_it_keys_pages_by_their_query_string(client):
    ServiceFactory(slug="massage")
    client.get("/providers/")

    assert client.get("/providers/?service=massage")["X-Page-Cache"] == "miss"
    assert client.get("/providers/?service=massage")["X-Page-Cache"] == "hit"


def test_a_changed_listing_shows_on_the_next_request(client):
    provider = ProviderFactory(name="Spine Care", slug="spine-care")
    client.get("/providers/")
    client.get("/providers/spine-care/")

    provider.name = "Spine Care Tampines"
    with committed():
        provider.save()

    for url in ["/providers/", "/providers/spine-care/"]:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Spine Care Tampines" in response.content.decode()


def test_a_new_branch_and_a_deleted_one_show_on_the_next_request(client):
    provider = ProviderFactory(slug="spine-care")
    client.get("/providers/spine-care/")

    branch = LocationFactory(provider=provider, address="1 Harbour Road")
    assert "1 Harbour Road" in client.get("/providers/spine-care/").content.decode()

    with committed():
        branch.delete()
    assert "1 Harbour Road" not in client.get("/providers/spine-care/").content.decode()


def test_a_changed_article_shows_on_the_next_request(client):
    article = ArticleFactory(slug="why-backs-hurt", title="Why backs hurt")
    client.get("/articles/")
    client.get("/articles/why-backs-hurt/")

    article.title = "Why backs hurt, and what helps"
    with committed():
        article.save()

    assert "what helps" in client.get("/articles/").content.decode()
    assert "what helps" in client.get("/articles/why-backs-hurt/").content.decode()


def test_a_changed_author_or_source_shows_on_the_next_request(client):
    source = SourceFactory(title="Massage for low-back pain")
    article = source.article
    client.get(article.get_absolute_url())

    article.author.name = "The editors"
    source.title = "Exercise therapy for chronic low back pain"
    with committed():
        article.author.save()
        source.save()

    page = client.get(article.get_absolute_url()).content.decode()
    assert "The editors" in page
    assert "Exercise therapy for chronic low back pain" in page


def test_signed_in_users_always_get_a_fresh_page(client):
    client.get("/providers/")
    client.force_login(UserFactory())

    response = client.get("/providers/")

    assert "X-Page-Cache" not in response


def test_it_does_not_cache_pages_with_a_form_token(client):
    client.get("/accounts/login/")

    assert "X-Page-Cache" not in client.get("/accounts/login/")


def test_it_does_not_cache_not_found_pages(client):
    client.get("/providers/nobody/")

    assert "X-Page-Cache" not in client.get("/providers/nobody/")


def test_it_does_nothing_when_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/providers/")

    assert "X-Page-Cache" not in client.get("/providers/")


def bump_in_another_process(cache_dir):
    """What a committed change does to the generation, from a process of its own."""
    code = (
        "import django; django.setup()\n"
        "from providers.changes import bump_generation; bump_generation()"
    )
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environment |= {"DJANGO_SETTINGS_MODULE": "backpain_site.settings", "CACHE_DIR": cache_dir}
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=environment, check=True)


def test_a_change_made_by_another_process_shows_on_the_next_request(client, settings):
    # Without Redis, every process on the machine shares the cache's files (CACHE_DIR).
    ProviderFactory(name="Spine Care")
    client.get("/providers/")
    assert client.get("/providers/")["X-Page-Cache"] == "hit"

    bump_in_another_process(settings.CACHES["default"]["LOCATION"])

    assert client.get("/providers/")["X-Page-Cache"] == "miss"


def test_parameters_a_page_does_not_read_share_its_entry(client):
    ServiceFactory(slug="massage")
    client.get("/providers/?service=massage")

    for junk in ["&utm_source=mail", "&x=%27%22%3E", "&q=", "&service=massage&sort=&page="]:
        response = client.get("/providers/?service=massage" + junk)
        assert response["X-Page-Cache"] == "hit", junk


def test_the_directory_parameters_are_the_filters_and_the_page(settings):
    from providers.filters import ProviderFilter

    assert set(settings.PAGE_CACHE_VIEWS["providers:list"]) == {
        *ProviderFilter.base_filters,
        "page",
    }


def test_pages_are_compressed_and_kept_per_encoding(client):
    ProviderFactory(name="Spine Care")

    brotli = client.get("/providers/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    gzip = client.get("/providers/", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/providers/")
    plain_again = client.get("/providers/")

    assert brotli["Content-Encoding"] == "br" and gzip["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    assert plain_again["X-Page-Cache"] == "hit" and "Spine Care" in plain_again.content.decode()


def test_a_landing_page_from_the_cache_links_its_pages_in_canonical_order(
    client, directory, settings
):
    settings.DIRECTORY_PAGE_SIZE = 1
    second = ProviderFactory(services=[directory.acupuncture])
    LocationFactory(provider=second, area=directory.bedok)

    # Typed with the place first: the page reads it with the treatment first, as its canonical
    # address (providers.indexing) puts it, so its page links are canonical addresses too.
    response = client.get("/providers/?area=east&service=acupuncture")

    body = response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert 'href="/providers/?service=acupuncture&amp;area=east&amp;page=2"' in body
    assert "area=east&amp;service=acupuncture" not in body
