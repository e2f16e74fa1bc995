"""
The directory's vocabularies as HSDS taxonomies: treatments (Service), conditions, languages,
areas (regions and the areas in them) and kinds of provider.

Identifiers are UUID 5 names of the vocabulary and the term's slug in a namespace of our own,
not database ids: the same term has the same id on every copy of the site and in every
export, and a term recreated under its slug keeps it. (A slug that changes makes a new term,
as the term's web address changes too.)
"""

import uuid
from dataclasses import dataclass
from functools import cache

from django.utils import translation

from providers.models import ProviderKind

# Fixed for good: changing it would change every taxonomy and term id.
NAMESPACE = uuid.UUID("eb7ce312-d34d-48ce-975a-851745c13e7a")

SERVICES = "services"
CONDITIONS = "conditions"
LANGUAGES = "languages"
AREAS = "areas"
KINDS = "kinds"


@cache
def _named(name):
    # The same few names are asked for by every record of an answer; a uuid5 is a SHA-1.
    return uuid.uuid5(NAMESPACE, name)


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str

    @property
    def id(self):
        return _named(f"taxonomy:{self.key}")

    def term_id(self, slug):
        return _named(f"{self.key}:{slug}")

    def as_hsds(self):
        return {"id": str(self.id), "name": self.name, "description": self.description}


TAXONOMIES = {
    taxonomy.key: taxonomy
    for taxonomy in (
        Taxonomy(
            SERVICES, "Treatments", "Treatments and techniques providers offer for back pain."
        ),
        Taxonomy(CONDITIONS, "Conditions", "Causes and kinds of back pain providers treat."),
        Taxonomy(LANGUAGES, "Languages", "Languages patients can consult in."),
        Taxonomy(AREAS, "Areas", "Regions, and the areas inside them, where branches are."),
        Taxonomy(KINDS, "Kinds of provider", "The main kind of care a provider gives."),
    )
}


def term_id(key, slug):
    return TAXONOMIES[key].term_id(slug)


def term_code(key, slug):
    # HSDS wants a term's code unique among all terms: a slug is unique in its vocabulary only
    # (acupuncture is a treatment and a kind of provider).
    return f"{key}:{slug}"


def term(key, slug, name, description="", parent_slug="", code=""):
    """A taxonomy term as HSDS writes it (ids as strings, as api.records writes them)."""
    taxonomy = TAXONOMIES[key]
    found = {
        "id": str(taxonomy.term_id(slug)),
        "code": code or term_code(key, slug),
        "name": name,
        # HSDS requires a description; a term without one of its own says what it is.
        "description": description or f"{taxonomy.name}: {name}.",
        "taxonomy_id": str(taxonomy.id),
        "taxonomy": taxonomy.name,
    }
    if parent_slug:
        found["parent_id"] = str(taxonomy.term_id(parent_slug))
    return found


def kind_term(value, label):
    return term(KINDS, value, label)


@cache
def kind_names():
    """{kind: its English name}: the open data is in English, whatever the request's language."""
    with translation.override("en"):
        return {value: str(label) for value, label in ProviderKind.choices}


def kind_terms():
    return [kind_term(value, name) for value, name in kind_names().items()]


@dataclass(frozen=True)
class FoundTerm:
    """What a taxonomy_term_id stands for: a vocabulary's key and the term's slug."""

    key: str
    slug: str


def terms_by_id(vocabulary):
    """Every term id of the vocabularies (providers.vocabulary.Vocabulary) and kinds."""
    found = {}
    for key in (SERVICES, CONDITIONS, LANGUAGES, AREAS):
        for item in getattr(vocabulary, key):
            found[term_id(key, item.slug)] = FoundTerm(key, item.slug)
    for value in ProviderKind.values:
        found[term_id(KINDS, value)] = FoundTerm(KINDS, value)
    return found


def taxonomy_by_id(taxonomy_uuid):
    return next((t for t in TAXONOMIES.values() if t.id == taxonomy_uuid), None)
