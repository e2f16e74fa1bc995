"""load_starter_articles: creates what is missing, and never overwrites an editor's work."""

import io
import re

import pytest
from django.core.management import call_command

from articles import starter
from articles.models import Article, Status
from tests.factories import ConditionFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SEED = starter.STARTER_DIR.parents[1].parent / "shared" / "seed"


def load():
    out = io.StringIO()
    call_command("load_starter_articles", stdout=out)
    return out.getvalue()


def test_it_loads_every_starter_article_published_and_reviewed():
    output = load()
    expected = len(starter.starter_articles())
    assert f"{expected} created" in output
    assert Article.objects.published().count() == expected >= 11
    for article in Article.objects.all():
        assert article.status == Status.PUBLISHED
        assert "fictional" in article.medical_reviewer.name
        assert article.reviewed_on is not None
        assert article.toc, article.slug


def test_it_covers_the_topics_the_product_starts_with():
    load()
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert {
        "what-is-back-pain",
        "muscle-strain-and-back-pain",
        "arthritis-of-the-spine",
        "degenerative-disc-disease",
        "spinal-stenosis",
        "scoliosis",
        "nonspecific-low-back-pain",
        "how-massage-may-help-back-pain",
        "massage-techniques-for-back-pain",
        "pain-management-options",
        "finding-a-qualified-massage-therapist",
    } <= slugs
    causes = Article.objects.filter(category__slug="causes")
    assert causes.count() == 6
    assert all(article.needs_red_flags for article in causes)


def test_the_therapist_guide_ends_with_a_checklist():
    load()
    guide = Article.objects.get(slug="finding-a-qualified-massage-therapist")
    assert guide.toc[-1]["id"].startswith("checklist")
    last_section = guide.body_html.split('id="checklist')[1]
    assert last_section.count("<li>") >= 8


def test_running_it_twice_changes_nothing():
    load()
    before = {a.slug: (a.pk, a.updated_at) for a in Article.objects.all()}
    output = load()
    assert "0 created, 0 updated" in output
    assert {a.slug: (a.pk, a.updated_at) for a in Article.objects.all()} == before


def test_it_links_directory_terms_and_skips_missing_ones():
    swedish = ServiceFactory(slug="swedish-massage", name="Swedish massage")
    output = load()
    assert "deep-tissue-massage" in output  # reported as not linked yet
    article = Article.objects.get(slug="massage-techniques-for-back-pain")
    assert list(article.services.all()) == [swedish]


def test_terms_added_later_are_linked_on_the_next_run():
    load()
    strain = ConditionFactory(slug="muscle-strain", name="Muscle strain")
    output = load()
    assert "updated" in output
    article = Article.objects.get(slug="muscle-strain-and-back-pain")
    assert strain in article.conditions.all()


def test_it_never_overwrites_an_article_an_editor_changed(monkeypatch):
    load()
    article = Article.objects.get(slug="scoliosis")
    article.body += "\n\nAn editor's added paragraph."
    article.save()
    # The starter file changes too (a later release of the product).
    articles = starter.starter_articles()
    for item in articles:
        if item.slug == "scoliosis":
            item.body += "\nNew starter sentence.\n"
    monkeypatch.setattr(starter, "starter_articles", lambda: articles)
    output = load()
    assert "kept (edited by an editor): scoliosis" in output
    article.refresh_from_db()
    assert "An editor's added paragraph." in article.body
    assert "New starter sentence." not in article.body


def test_it_updates_an_untouched_article_when_the_starter_text_changes(monkeypatch):
    load()
    articles = starter.starter_articles()
    for item in articles:
        if item.slug == "scoliosis":
            item.body += "\nNew starter sentence.\n"
    monkeypatch.setattr(starter, "starter_articles", lambda: articles)
    assert "1 updated" in load()
    assert "New starter sentence." in Article.objects.get(slug="scoliosis").body


def test_it_never_touches_an_editors_article_with_the_same_slug():
    from tests.articles.factories import ArticleFactory

    ArticleFactory(slug="scoliosis", title="Our own scoliosis page", body="Ours.")
    output = load()
    assert "kept (edited by an editor): scoliosis" in output
    assert Article.objects.get(slug="scoliosis").title == "Our own scoliosis page"


def test_an_archived_starter_article_stays_archived():
    load()
    Article.objects.filter(slug="scoliosis").update(status=Status.ARCHIVED)
    load()
    assert Article.objects.get(slug="scoliosis").status == Status.ARCHIVED


@pytest.mark.skipif(not SEED.exists(), reason="the seed facts are not checked out beside the repo")
def test_no_run_of_six_words_is_copied_from_the_seed():
    def words(text):
        return re.findall(r"[a-z']+", text.lower())

    seed = words(" ".join(path.read_text() for path in SEED.glob("*.txt")))
    seed_runs = {tuple(seed[i : i + 6]) for i in range(len(seed) - 5)}
    for article in starter.starter_articles():
        written = words(f"{article.title} {article.summary} {article.body}")
        copied = [
            " ".join(written[i : i + 6])
            for i in range(len(written) - 5)
            if tuple(written[i : i + 6]) in seed_runs
        ]
        assert copied == [], article.slug


DEMO_TAXONOMY = starter.STARTER_DIR.parents[1] / "providers" / "demo" / "data" / "taxonomy.json"


@pytest.mark.skipif(not DEMO_TAXONOMY.exists(), reason="no demo taxonomy to compare with")
def test_starter_articles_link_terms_the_demo_directory_has():
    import json

    taxonomy = json.loads(DEMO_TAXONOMY.read_text())
    services = {term["slug"] for term in taxonomy["services"]}
    conditions = {term["slug"] for term in taxonomy["conditions"]}
    for article in starter.starter_articles():
        assert set(article.services) <= services, article.slug
        assert set(article.conditions) <= conditions, article.slug
