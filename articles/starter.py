"""
The articles the site starts with, kept as Markdown files in articles/starter/ with a TOML
header between +++ lines, and loaded without ever overwriting an editor's work.
"""

import datetime
import hashlib
import itertools
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from articles.models import Article, Author, Category, Source, Status
from providers.models import Condition, Service

STARTER_DIR = Path(__file__).resolve().parent / "starter"
AUTHOR = "editorial-team"
REVIEWER = "dr-a-example"
REVIEWED_ON = datetime.date(2025, 6, 2)


@dataclass
class StarterArticle:
    slug: str
    title: str
    category: str
    summary: str
    body: str
    published: datetime.date
    services: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    # [[sources]] tables: title, publisher, year, url.
    sources: list = field(default_factory=list)
    shows_regulators: bool = False

    @classmethod
    def read(cls, path):
        text = path.read_text(encoding="utf-8")
        _, header, body = text.split("+++", 2)
        meta = tomllib.loads(header)
        return cls(body=body.strip() + "\n", **meta)


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # changed by an editor: left alone
    missing_terms: set = field(default_factory=set)


def fingerprint(title, summary, body, service_slugs, condition_slugs, sources=()):
    """What an editor can change in a starter article, hashed."""
    parts = [
        title,
        summary,
        body,
        ",".join(sorted(service_slugs)),
        ",".join(sorted(condition_slugs)),
    ]
    # Only when there are any: articles loaded before sources existed keep their fingerprint,
    # so that they are recognised as untouched and gain their sources.
    if sources:
        parts.append(repr([_source_key(source) for source in sources]))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _source_key(source):
    if isinstance(source, Source):
        return (source.title, source.publisher, source.year, source.url)
    return (source["title"], source["publisher"], source.get("year"), source["url"])


def _current_fingerprint(article):
    return fingerprint(
        article.title,
        article.summary,
        article.body,
        article.services.values_list("slug", flat=True),
        article.conditions.values_list("slug", flat=True),
        list(article.sources.all()),
    )


def _categories():
    data = tomllib.loads((STARTER_DIR / "categories.toml").read_text(encoding="utf-8"))
    categories = {}
    for item in data["category"]:
        slug = item.pop("slug")
        category, _ = Category.objects.get_or_create(slug=slug, defaults=item)
        categories[slug] = category
    return categories


def _authors():
    """The starter authors by their slug in authors.toml; an existing one is found by name."""
    data = tomllib.loads((STARTER_DIR / "authors.toml").read_text(encoding="utf-8"))
    authors = {}
    for item in data["author"]:
        slug = item.pop("slug")
        author = Author.objects.filter(name=item["name"]).first()
        if author is None:
            # An editor's author may have the slug already: take the next free one.
            taken = set(Author.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
            free = next(
                candidate
                for n in itertools.count(1)
                if (candidate := slug if n == 1 else f"{slug}-{n}") not in taken
            )
            author = Author.objects.create(slug=free, **item)
        elif not author.bio:
            # Made from a byline by the migration to authors, and not described since.
            for name, value in item.items():
                setattr(author, name, value)
            author.save()
        authors[slug] = author
    return authors


def starter_articles():
    return [StarterArticle.read(path) for path in sorted(STARTER_DIR.glob("*.md"))]


@transaction.atomic
def load(articles=None):
    """
    Create missing starter articles; update one only while it is exactly as loaded (nobody
    has edited its text or topics since). Directory terms that do not exist yet are skipped
    and linked on a later run.
    """
    report = Report()
    categories = _categories()
    authors = _authors()
    services = {s.slug: s for s in Service.objects.all()}
    conditions = {c.slug: c for c in Condition.objects.all()}
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for starter in starter_articles() if articles is None else articles:
        linked_services = [services[s] for s in starter.services if s in services]
        linked_conditions = [conditions[c] for c in starter.conditions if c in conditions]
        report.missing_terms |= {s for s in starter.services if s not in services}
        report.missing_terms |= {c for c in starter.conditions if c not in conditions}
        new_hash = fingerprint(
            starter.title,
            starter.summary,
            starter.body,
            [s.slug for s in linked_services],
            [c.slug for c in linked_conditions],
            starter.sources,
        )
        article = Article.objects.filter(slug=starter.slug).first()
        if article is None:
            article = Article(
                slug=starter.slug,
                status=Status.PUBLISHED,
                published_at=datetime.datetime.combine(starter.published, datetime.time(9), tz),
                author=authors[AUTHOR],
                medical_reviewer=authors[REVIEWER],
                reviewed_on=REVIEWED_ON,
            )
            report.created.append(starter.slug)
        elif not article.starter_hash or _current_fingerprint(article) != article.starter_hash:
            report.kept.append(starter.slug)
            continue
        elif article.starter_hash == new_hash:
            report.unchanged.append(starter.slug)
            continue
        else:
            report.updated.append(starter.slug)
        article.title = starter.title
        article.summary = starter.summary
        article.body = starter.body
        article.category = categories[starter.category]
        article.shows_regulators = starter.shows_regulators
        article.starter_hash = new_hash
        article._change_reason = "Loaded from the starter content"
        article.save()
        article.services.set(linked_services)
        article.conditions.set(linked_conditions)
        article.sources.all().delete()
        Source.objects.bulk_create(
            Source(article=article, order=number, **source)
            for number, source in enumerate(starter.sources, start=1)
        )
    return report
