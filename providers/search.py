"""
Text search over listings: one interface, whatever the database.

`parse(text, synonyms, vocabulary)` reads what a visitor typed; `matching(queryset, query)`
narrows a Provider queryset to what the words describe: every word (or a synonym of it) must
match somewhere in the provider's stored search text (providers.derived builds it), and a word
matches any word it starts ("acupunct" finds acupuncture). `relevance(query, vendor)` ranks the
matches for the directory's "best match" order.

- PostgreSQL: full-text search over `Provider.search_document`, a stored, weighted tsvector
  with a GIN index (name A; kind, services and conditions B; description and practitioners
  C), ranked in tiers (every word in the name, else in name, kind, services and conditions,
  else anywhere), each tier by name. Each tier has a GIN index of its own (`ranking_tiers`),
  so that a page of results can be read from a few candidates per tier instead of ranking
  every match (providers.directory). A misspelt word still finds through trigram similarity
  against `search_terms` (names and terms only), which has a trigram GIN index; such matches
  rank below the others.
- SQLite: the same stored texts as plain lowercased words; each word of the query must
  start a word there (case-insensitive containment of " word"), names first.

On both, a typed word that misspells a word of the vocabulary (services, conditions, kinds,
synonyms) is also read as that word (`parse`): "acupunture" finds acupuncture.

Synonyms are data (`SearchSynonym`, kept by moderators); the caller passes them as a
{term: [expansions]} mapping, loaded with the rest of the vocabulary in one query.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Concat, Lower
from django.db.models.lookups import Contains
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_WORDS = 8
# Words shorter than this are left to exact and prefix matching: trigrams of a three-letter
# word match far too much.
TYPO_MIN_LENGTH = 4
WORD = re.compile(r"\w+")
# Shorter words, and numbers, match whole words only ("1" does not find "13").
PREFIX_MIN_LENGTH = 3
# How close (difflib's ratio) a misspelt word must be to a vocabulary word to be read as it:
# "acupunture" is 0.95 from "acupuncture", "sciatika" 0.88 from "sciatica".
CORRECTION_CUTOFF = 0.8
# Relevance on PostgreSQL: every word found in the name, else in the name, kind, services and
# conditions, else anywhere (description, practitioners); a typo match ranks below all three.
NAME_MATCH, TERMS_MATCH, TEXT_MATCH = 3.0, 2.0, 1.0


def text_search_config():
    return getattr(settings, "SEARCH_CONFIG", "english")


# -- what the visitor asked for ---------------------------------------------------------------


@dataclass
class Query:
    """
    The words of a search as groups that must all match; each group is a list of
    alternatives (the words typed, or a synonym's expansion), each a tuple of words.
    """

    groups: list = field(default_factory=list)
    words: list = field(default_factory=list)
    # Typed words read as a vocabulary word they misspell, with that word's synonyms:
    # {"acupunture": [("acupuncture",)]}.
    corrections: dict = field(default_factory=dict)
    # Typed words that are, or start, a word of the vocabulary.
    known: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.groups)

    def highlight_words(self):
        """Every word worth marking in a result: those typed and their expansions."""
        found = {word for group in self.groups for alt in group for word in alt}
        found |= {word for alts in self.corrections.values() for alt in alts for word in alt}
        return sorted((w for w in found if len(w) > 1), key=len, reverse=True)

    def corrected_words(self):
        """The words typed with each misspelling read as the word it was taken for."""
        return [
            " ".join(self.corrections[word][0]) if self.corrections.get(word) else word
            for word in self.words
        ]

    def alternatives(self, group):
        """A group's alternatives, with what its word misspells when it is a single word."""
        return group + self.corrections.get(group[0][0], []) if len(group[0]) == 1 else group

    def tsquery(self):
        """The groups as a PostgreSQL tsquery, every word a prefix: ('slip':* & 'disc':*) | …"""

        def alternative(words):
            return (
                "("
                + " & ".join(f"'{word}'" + (":*" if is_prefix(word) else "") for word in words)
                + ")"
            )

        return " & ".join(
            "(" + " | ".join(alternative(alt) for alt in self.alternatives(group)) + ")"
            for group in self.groups
        )


def is_prefix(word):
    """Whether a word also finds the longer words it starts: not a number or a short word."""
    return len(word) >= PREFIX_MIN_LENGTH and not word.isdigit()


def words(text):
    return WORD.findall(text.lower())[:MAX_WORDS]


def vocabulary_words(*names):
    """The distinct words of these names (services, conditions, kinds, synonyms) in lowercase."""
    return sorted({word for name in names for word in words(name)})


def parse(text, synonyms=None, vocabulary=None):
    """
    Split text into words and attach each synonym it contains: "slipped disc pain" with
    {"slipped disc": ["herniated disc"]} gives [[("slipped", "disc"), ("herniated", "disc")],
    [("pain",)]]. Longer phrases win over shorter ones.

    With `vocabulary` (the words of every service, condition, kind and synonym, in memory
    already), a word that is none of them nor starts one, but is close to one, is also read
    as that word (and its synonyms): "acupunture" also finds acupuncture. Such a word then
    needs no trigram search over the listings, which is far slower than the full-text index.
    """
    typed = words(text)
    if not typed:
        return Query()
    synonyms = synonyms or {}
    phrases = {}
    for term, expansions in synonyms.items():
        key = tuple(words(term))
        if key:
            phrases.setdefault(key, []).extend(tuple(words(e)) for e in expansions)
    longest = max((len(key) for key in phrases), default=1)
    query = Query(words=typed)
    i = 0
    while i < len(typed):
        for n in range(min(longest, len(typed) - i), 0, -1):
            key = tuple(typed[i : i + n])
            if n == 1 or key in phrases:
                group = [key] + [alt for alt in phrases.get(key, []) if alt and alt != key]
                if n == 1 and vocabulary:
                    _correct(key[0], query, phrases, vocabulary, group)
                query.groups.append(group)
                i += n
                break
    return query


def _correct(word, query, phrases, vocabulary, group):
    """Note whether a word is in the vocabulary, or else which vocabulary word it misspells."""
    if any(known.startswith(word) for known in vocabulary):
        query.known.add(word)
        return
    if len(word) < TYPO_MIN_LENGTH or word.isdigit():
        return
    close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=CORRECTION_CUTOFF)
    if close:
        found = [(close[0],)] + phrases.get((close[0],), [])
        query.corrections[word] = [alt for alt in found if alt and alt not in group]


# -- matching ---------------------------------------------------------------------------------


def matching(queryset, query):
    """The providers of `queryset` that `query` (a parsed Query) describes."""
    if not query:
        # Text with no words in it (punctuation, emoji) describes nothing.
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(_PostgreSQLSearch(query).condition())
    return queryset.filter(_contains_all("search_document", query))


def relevance(query, vendor):
    """An expression ranking what `query` matches: higher is better."""
    if vendor == "postgresql":
        return _PostgreSQLSearch(query).relevance()
    name_words = Concat(Value(" "), Lower("name"), Value(" "))
    return Case(
        When(_contains_all_of(name_words, query), then=Value(1.0)),
        When(_contains_all("search_terms", query), then=Value(0.5)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def ranking_tiers(query, vendor):
    """
    The conditions of relevance's tiers, best first, each answered by an index of its own, when
    a page of results in relevance order can be read tier by tier (providers.directory); None
    when every match must be ranked (SQLite, or words read by trigram similarity).
    """
    if vendor != "postgresql":
        return None
    return _PostgreSQLSearch(query).tiers()


class Document(Func):
    """
    to_tsvector(config, column), unweighted: the expression migration 0005's GIN indexes on
    the name and on `search_terms` are built on, so that a filter on it is read from them.
    """

    function = "to_tsvector"

    def __init__(self, column):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(Value(text_search_config()), F(column), output_field=SearchVectorField())


class _PostgreSQLSearch:
    """A parsed query as PostgreSQL's full-text search (and trigrams, for misspelt words)."""

    def __init__(self, query):
        from django.contrib.postgres.search import SearchQuery

        self.query = query
        self.tsquery = SearchQuery(query.tsquery(), search_type="raw", config=text_search_config())
        self.long_words = [word for word in query.words if len(word) >= TYPO_MIN_LENGTH]
        # Words the vocabulary knows, or read as one it knows, are found by the full-text
        # index; trigrams are left for the others (a misspelt clinic name, say).
        unknown = [
            w for w in self.long_words if w not in query.known and w not in query.corrections
        ]
        self.typos = bool(unknown and self.long_words and len(self.long_words) == len(query.words))

    def condition(self):
        found = Q(search_document=self.tsquery)
        if self.typos:
            # Every word close to a word of the names and terms: `word <% search_terms`, which
            # the trigram index answers (a similarity() call in WHERE could not use it).
            close = Q()
            for word in self.long_words:
                close &= Q(search_terms__trigram_word_similar=word)
            found |= close
        return found

    def tiers(self):
        from django.contrib.postgres.search import SearchVectorExact

        if self.typos:
            return None
        return [
            SearchVectorExact(Document("name"), self.tsquery),
            SearchVectorExact(Document("search_terms"), self.tsquery),
        ]

    def relevance(self):
        from django.contrib.postgres.search import SearchVectorExact, TrigramWordSimilarity

        similarity = Value(0.0)
        if self.typos:
            for word in self.long_words:
                similarity = similarity + TrigramWordSimilarity(word, "search_terms")
            # Below any full-text match: a typo is a weaker sign than the word itself.
            similarity = similarity * Value(0.01 / len(self.long_words))
        return Case(
            When(SearchVectorExact(Document("name"), self.tsquery), then=Value(NAME_MATCH)),
            When(
                SearchVectorExact(Document("search_terms"), self.tsquery), then=Value(TERMS_MATCH)
            ),
            When(search_document=self.tsquery, then=Value(TEXT_MATCH)),
            default=similarity,
            output_field=FloatField(),
        )


def _contains_all(field_name, query):
    return _contains_all_of(F(field_name), query)


def _contains_all_of(text, query):
    """Every group of the query has an alternative whose words all start a word of `text`."""
    condition = Q()
    for group in query.groups:
        either = Q()
        for alt in query.alternatives(group):
            both = Q()
            for word in alt:
                # Texts are " word word … ": a leading space anchors the word's start.
                whole = "" if is_prefix(word) else " "
                both &= Q(Contains(text, f" {word}{whole}"))
            either |= both
        condition &= either
    return condition


# -- the stored texts -------------------------------------------------------------------------


def padded_words(text):
    """Text as its words in lowercase between single spaces, with one before and after."""
    return " " + " ".join(WORD.findall(text.lower())) + " "


class WeightedDocument(Func):
    """
    The stored search document on PostgreSQL, from its three parts: the name weighted A, the
    kind, services and conditions B, the rest C.
    """

    def __init__(self, name, terms, rest):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(Value(name), Value(terms), Value(rest), output_field=SearchVectorField())

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression, weight in zip(self.source_expressions, "ABC", strict=True):
            sql, part_params = compiler.compile(expression)
            parts.append(f"setweight(to_tsvector(%s::regconfig, {sql}), '{weight}')")
            params += [text_search_config(), *part_params]
        return " || ".join(parts), params


# -- showing what matched ---------------------------------------------------------------------


def _pattern(query):
    words = query.highlight_words() if query else []
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)


def highlight(text, query):
    """text, HTML-escaped, with the words of the query (as prefixes) in <mark>."""
    pattern = _pattern(query)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text, query, width=180):
    """
    About `width` characters of text around its first match, highlighted; empty when the
    text does not mention the query.
    """
    pattern = _pattern(query)
    found = pattern.search(text) if pattern else None
    if found is None:
        return ""
    start = max(0, found.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", found.end(), end)
        end = space if space > 0 else end
    piece = highlight(text[start:end], query)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))
