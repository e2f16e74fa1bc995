"""Every JSON-LD block of every public page type uses only schema.org's types and properties."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import ArticleImage
from providers.models import ProviderKind
from tests.articles.factories import ArticleFactory, AuthorFactory
from tests.factories import ProviderFactory
from tests.site.schemaorg import problems

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def blocks(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return [json.loads(block) for block in SCRIPT.findall(response.content.decode())]


def page_addresses(directory):
    article = ArticleFactory(services=[directory.acupuncture], conditions=[directory.sciatica])
    yield "/"
    yield "/providers/"
    yield "/providers/?service=acupuncture&area=tampines"
    for kind in ProviderKind.values:
        yield ProviderFactory(kind=kind, services=[directory.cupping]).get_absolute_url()
    yield from (p.get_absolute_url() for p in (directory.alpha, directory.bravo, directory.charlie))
    yield from ("/services/acupuncture/", "/conditions/sciatica/", "/areas/east/", "/areas/bedok/")
    yield "/articles/"
    yield article.category.get_absolute_url()
    yield article.get_absolute_url()
    yield article.author.get_absolute_url()


def test_every_json_ld_block_of_every_page_type_fits_the_vocabulary(client, directory):
    checked = 0
    for address in page_addresses(directory):
        for block in blocks(client, address):
            assert block["@context"] == "https://schema.org"
            assert problems(block) == [], address
            checked += 1

    assert checked >= 20


def test_the_check_finds_a_property_the_type_lacks():
    offer = {"@type": "Offer", "price": "60"}

    assert problems({"@type": "MedicalTherapy", "name": "Cupping", "offers": offer}) == [
        "$: MedicalTherapy has no property offers"
    ]
    assert problems({"@type": "Physiotherapy", "availableService": []}) == [
        "$: Physiotherapy has no property availableService"
    ]
    assert problems({"@type": "MedicalWebPage", "articleSection": "Causes"}) == [
        "$: MedicalWebPage has no property articleSection"
    ]


def test_the_check_reads_properties_inherited_from_supertypes_and_nested_nodes():
    clinic = {
        "@type": "MedicalClinic",
        "name": "A clinic",
        "priceRange": "SGD 60–150",
        "availableService": [{"@type": "MedicalTherapy", "name": "Acupuncture"}],
        "address": {"@type": "PostalAddress", "addressCountry": "SG", "colour": "red"},
    }

    assert problems(clinic) == ["$.address: PostalAddress has no property colour"]


def test_an_article_is_a_medical_web_page_with_its_review_image_and_author(client, directory):
    article = ArticleFactory(medical_reviewer=AuthorFactory(name="Dr. B. Sample"))
    page = next(
        b for b in blocks(client, article.get_absolute_url()) if b["@type"] != "BreadcrumbList"
    )

    assert page["@type"] == "MedicalWebPage"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. B. Sample",
        "url": f"http://testserver{article.medical_reviewer.get_absolute_url()}",
    }
    assert page["lastReviewed"] == "2025-05-01"
    assert page["author"]["url"] == "http://testserver/articles/authors/writer-example/"
    assert "articleSection" not in page


def test_breadcrumbs_are_a_breadcrumb_list_too(client, directory):
    crumbs = next(b for b in blocks(client, "/areas/bedok/") if b["@type"] == "BreadcrumbList")

    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home",
        "Areas",
        "East",
        "Bedok",
    ]
    assert crumbs["itemListElement"][-1]["item"] == "http://testserver/areas/bedok/"
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3, 4]


def test_an_article_with_a_hero_picture_gives_it_as_its_image(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="JPEG")
    hero = ArticleImage.objects.create(
        image=SimpleUploadedFile("stretch.jpg", buffer.getvalue()), alt_text="A stretch"
    )
    article = ArticleFactory(hero_image=hero)

    page = next(
        b for b in blocks(client, article.get_absolute_url()) if b["@type"] != "BreadcrumbList"
    )

    assert page["image"] == f"http://testserver{hero.image.url}"
    assert problems(page) == []
