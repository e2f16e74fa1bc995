"""The home page: a search form, popular services and conditions, and the regions."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.models import Service
from tests.factories import ProviderFactory, ServiceFactory
from tests.pages import hrefs, text


def test_it_shows_a_search_form_into_the_directory(client, directory):
    body = client.get("/").content.decode()

    form = re.search(r'<form[^>]*action="/providers/"[^>]*>(.*?)</form>', body, re.S)
    assert form, "no form submitting to /providers/"
    assert 'name="q"' in form.group(1)
    # "Where" is typed, as in the directory's form, with places suggested while typing.
    assert re.search(r'<input type="text" name="near" id="id_near" list="places"', form.group(1))
    assert '<label for="id_near">Where</label>' in form.group(1)
    assert 'aria-describedby="where-hint"' in form.group(1)
    assert '<option value="Tampines">' in form.group(1)
    assert "data-locate-button" in form.group(1)


def test_it_shows_popular_services_with_how_many_offer_them(client, directory):
    response = client.get("/")
    page = text(response)

    # Acupuncture is offered by two listed providers (the hidden one does not count).
    assert "Acupuncture 2 providers" in page
    assert "Swedish massage 1 provider" in page
    assert "/services/acupuncture/" in hrefs(response)


def test_it_orders_popular_services_by_how_many_offer_them(client, directory):
    popular = [s.slug for s in client.get("/").context["popular_services"]]

    assert popular == ["acupuncture", "cupping", "swedish-massage"]


def test_it_leaves_out_services_nobody_listed_offers(client, directory):
    ServiceFactory(name="Cupping therapy", slug="cupping-therapy")
    ProviderFactory(is_published=False, services=[ServiceFactory(name="Secret", slug="secret")])

    response = client.get("/")

    assert "/services/cupping-therapy/" not in hrefs(response)
    assert "/services/secret/" not in hrefs(response)


def test_it_shows_popular_conditions(client, directory):
    response = client.get("/")

    assert "Scoliosis 2 providers" in text(response)
    assert "Sciatica 2 providers" in text(response)
    assert "/conditions/sciatica/" in hrefs(response)


def test_it_shows_regions_and_their_areas(client, directory):
    links = hrefs(client.get("/"))

    for slug in ("east", "west", "tampines", "bedok", "jurong-east"):
        assert f"/areas/{slug}/" in links


@pytest.mark.django_db
def test_it_works_on_an_empty_directory(client):
    response = client.get("/")

    assert response.status_code == 200
    assert not [h for h in hrefs(response) if h.startswith(("/services/", "/conditions/"))]


def test_it_counts_a_new_listing_on_the_next_request(client, directory):
    assert "Acupuncture 2 providers" in text(client.get("/"))

    ProviderFactory(services=[Service.objects.get(slug="acupuncture")])

    assert "Acupuncture 3 providers" in text(client.get("/"))


def test_it_computes_the_popular_terms_once_until_a_listing_changes(
    client, directory, django_assert_num_queries
):
    assert "Acupuncture 2 providers" in text(client.get("/"))

    # The latest articles alone: the vocabulary and the counts come from the cache.
    with django_assert_num_queries(1):
        client.get("/")

    ProviderFactory(services=[directory.acupuncture])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert "Acupuncture 3 providers" in text(response)
    assert len(queries) > 1
