"""The sources an article cites: listed under it with links, in its JSON-LD, given by editors."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles import starter
from articles.models import Article, Source
from tests.articles.factories import ArticleFactory, SourceFactory
from tests.articles.pages import text_of

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def sources_section(response):
    content = response.content.decode()
    return re.search(r'<section class="article__sources".*?</section>', content, re.S).group(0)


def test_every_starter_article_cites_at_least_two_sources_with_https_links():
    for article in starter.starter_articles():
        assert len(article.sources) >= 2, article.slug
        for source in article.sources:
            assert source["title"] and source["publisher"], article.slug
            assert source["url"].startswith("https://"), (article.slug, source["url"])


def test_loading_the_starter_articles_stores_their_sources_in_order():
    call_command("load_starter_articles", stdout=None)
    article = Article.objects.get(slug="finding-a-qualified-massage-therapist")
    expected = next(a for a in starter.starter_articles() if a.slug == article.slug).sources
    assert [(s.title, s.url) for s in article.sources.all()] == [
        (source["title"], source["url"]) for source in expected
    ]


def test_a_starter_article_loaded_before_it_had_sources_gains_them(monkeypatch):
    bare = [
        starter.StarterArticle(**{**vars(article), "sources": []})
        for article in starter.starter_articles()
    ]
    starter.load(bare)
    assert not Source.objects.exists()

    report = starter.load()

    assert len(report.updated) == len(bare)
    assert not report.kept
    assert Source.objects.filter(article__slug="scoliosis").count() >= 2


def test_the_article_page_lists_its_sources_with_their_links(client):
    article = ArticleFactory()
    SourceFactory(
        article=article,
        order=2,
        title="Massage for low-back pain",
        year=2015,
        publisher="Cochrane Database of Systematic Reviews (Furlan et al.)",
        url="https://doi.org/10.1002/14651858.CD001929.pub3",
    )
    SourceFactory(article=article, order=1)

    response = client.get(article.get_absolute_url())

    section = sources_section(response)
    assert '<h2 id="sources-heading">Sources</h2>' in section
    assert re.findall(r'<li><a href="([^"]+)">', section) == [
        "https://www.nice.org.uk/guidance/ng59",
        "https://doi.org/10.1002/14651858.CD001929.pub3",
    ]
    assert "Cochrane Database of Systematic Reviews (Furlan et al.), 2015." in text_of(response)


def test_an_article_without_sources_has_no_empty_section(client):
    article = ArticleFactory()
    assert "article__sources" not in client.get(article.get_absolute_url()).content.decode()


def test_json_ld_cites_the_sources(client):
    source = SourceFactory()
    page = json.loads(
        SCRIPT.findall(client.get(source.article.get_absolute_url()).content.decode())[0]
    )
    assert page["citation"] == [
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": source.url,
            "publisher": {"@type": "Organization", "name": source.publisher},
            "datePublished": "2016",
        }
    ]


def test_a_source_needs_an_https_link():
    source = SourceFactory.build(article=ArticleFactory(), url="http://example.org/guide")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict


def test_editors_give_sources_in_the_article_form(editor_client):
    article = ArticleFactory(title="Heat for back pain")
    form = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="sources-0-title"' in form
    assert 'name="sources-0-url"' in form
