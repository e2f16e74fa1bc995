"""
Text search over listings: one interface, whatever the database.

`matching(queryset, text, synonyms)` narrows a Provider queryset to what the words describe
and annotates `relevance`. Every word (or a synonym of it) must match somewhere in the
provider's stored search document; a word matches any word it starts ("acupunct" finds
acupuncture).

- PostgreSQL: full-text search over `Provider.search_document`, a stored, weighted tsvector
  with a GIN index (name A; kind, services and conditions B; description and practitioners
  C); ranked in tiers (every word in the name, else in name, kind, services and
  conditions, else anywhere), each tier by name, so that a page reads a few candidates per
  tier from indexes instead of ranking every match (`ranked_rows`). A misspelt word still
  finds through trigram similarity against `search_terms` (names and terms only), which has
  a trigram GIN index; such matches rank below the others.
- SQLite: the same stored texts as plain lowercased words; each word of the query must
  start a word there (case-insensitive containment of " word"), names first.

On both, a typed word that misspells a word of the vocabulary (services, conditions, kinds,
synonyms) is also read as that word (`parse`): "acupunture" finds acupuncture.

Synonyms are data (`SearchSynonym`, kept by moderators); the caller passes them as a
{term: [expansions]} mapping, loaded with the rest of the vocabulary in one query.

`refresh_documents(ids)` rebuilds stored documents: one UPDATE on PostgreSQL.
"""

import difflib
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Concat, Lower
from django.utils.html import escape
from django.utils.safestring import mark_safe

from providers import facets, geo
from providers.models import (
    Location,
    OpeningException,
    OpeningHours,
    Practitioner,
    Provider,
    ProviderCard,
    ProviderKind,
    ProviderService,
)

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
# The order `relevance` is shown in; within a tier, by name.
RELEVANCE_ORDER = ("-relevance", "name", "pk")


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
    synonyms = synonyms or {}
    phrases = {}
    for term, expansions in synonyms.items():
        key = tuple(words(term))
        if key:
            phrases.setdefault(key, []).extend(tuple(words(e)) for e in expansions)
    longest = max((len(key) for key in phrases), default=1)
    typed = words(text)
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


def matching(queryset, text, synonyms=None, vocabulary=None):
    query = text if isinstance(text, Query) else parse(text, synonyms, vocabulary)
    if not query:
        # Text with no words in it (punctuation, emoji) describes nothing.
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _matching_postgresql(queryset, query)
    return _matching_containment(queryset, query)


class Document(Func):
    """
    to_tsvector(config, column), unweighted: the expression migration 0005's GIN indexes on
    the name and on `search_terms` are built on, so that a filter on it is read from them.
    """

    function = "to_tsvector"

    def __init__(self, column):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(Value(text_search_config()), F(column), output_field=SearchVectorField())


def _matching_postgresql(queryset, query):
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchVectorExact,
        TrigramWordSimilarity,
    )

    tsquery = SearchQuery(query.tsquery(), search_type="raw", config=text_search_config())
    found = Q(search_document=tsquery)
    long_words = [word for word in query.words if len(word) >= TYPO_MIN_LENGTH]
    # Words the vocabulary knows, or read as one it knows, are found by the full-text index;
    # trigrams are left for the others (a misspelt clinic name, say).
    unknown = [w for w in long_words if w not in query.known and w not in query.corrections]
    similarity = Value(0.0)
    typos = bool(unknown and long_words and len(long_words) == len(query.words))
    if typos:
        # Every word close to a word of the names and terms: `word <% search_terms`, which the
        # trigram index answers (a similarity() call in WHERE could not use it).
        close = Q()
        for word in long_words:
            close &= Q(search_terms__trigram_word_similar=word)
        found |= close
        for word in long_words:
            similarity = similarity + TrigramWordSimilarity(word, "search_terms")
        # Below any full-text match: a typo is a weaker sign than the word itself.
        similarity = similarity * Value(0.01 / len(long_words))
    # Relevance in tiers rather than ts_rank over every match: the best tiers are each read
    # from their own GIN index, and within a tier results go by name, which the
    # name index serves, so a page needs only a few candidates per tier
    # (ranked_rows) instead of ranking every match.
    in_name = SearchVectorExact(Document("name"), tsquery)
    in_terms = SearchVectorExact(Document("search_terms"), tsquery)
    matches = queryset.filter(found).annotate(
        relevance=Case(
            When(in_name, then=Value(NAME_MATCH)),
            When(in_terms, then=Value(TERMS_MATCH)),
            When(search_document=tsquery, then=Value(TEXT_MATCH)),
            default=similarity,
            output_field=FloatField(),
        )
    )
    if not typos:
        # The tiers' conditions, best first, for ranked_rows (the rest: every other match).
        matches.query.relevance_tiers = (in_name, in_terms)
    return matches


def ranks_in_tiers(queryset):
    """Whether a page of this queryset can be read by ranked_rows."""
    return bool(getattr(queryset.query, "relevance_tiers", None)) and (
        tuple(queryset.query.order_by) == RELEVANCE_ORDER
    )


def ranked_rows(queryset, start, stop):
    """
    queryset[start:stop] of a PostgreSQL text search ordered by RELEVANCE_ORDER, read from
    at most `stop` candidates per tier: the first `stop` by name of the name matches, of the
    name-or-terms matches and of all matches together hold the first `stop` results in
    relevance order (a result in tier k has fewer than `stop` results before it in tier k's
    set, or in any wider one). Each candidate list is an index walk or a small bitmap scan;
    only the candidates are ranked. For querysets ranks_in_tiers() accepts
    (ProviderQuerySet.page_rows reads the others by id).
    """
    tiers = queryset.query.relevance_tiers
    lists = [
        queryset.filter(condition).order_by("name", "pk").values("pk")[:stop]
        for condition in (*tiers, Q())
    ]
    candidates = queryset.rows_with_ids(lists[0].union(*lists[1:]))
    # The page's ids, then its rows by id: what is added to them (what a card shows,
    # ProviderQuerySet.for_cards) is worked out for the page's rows, not every candidate.
    return queryset.rows_with_ids(candidates.values("pk")[start:stop])


def _contains_all(field_name, query):
    condition = Q()
    for group in query.groups:
        either = Q()
        for alt in query.alternatives(group):
            both = Q()
            for word in alt:
                # Documents are " word word … ": a leading space anchors the word's start.
                whole = "" if is_prefix(word) else " "
                both &= Q(**{f"{field_name}__contains": f" {word}{whole}"})
            either |= both
        condition &= either
    return condition


def _matching_containment(queryset, query):
    return queryset.filter(_contains_all("search_document", query)).annotate(
        name_words=Concat(Value(" "), Lower("name"), Value(" ")),
        relevance=Case(
            When(_contains_all("name_words", query), then=Value(1.0)),
            When(_contains_all("search_terms", query), then=Value(0.5)),
            default=Value(0.0),
            output_field=FloatField(),
        ),
    )


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


# -- keeping documents current ----------------------------------------------------------------


# Providers noted inside one_refresh(), per thread (a request is served by one).
_pending = threading.local()


@contextmanager
def one_refresh(using="default"):
    """
    Inside it, refresh_documents() only notes its providers, and they are all refreshed once
    on leaving: saving a formset of fourteen opening-hours rows, or deleting a hundred rows in
    the admin, is one rebuild instead of one per row. Nothing is refreshed if the block
    raises (its transaction rolled back). Nested, the outermost one refreshes.
    """
    if getattr(_pending, "ids", None) is not None:
        yield
        return
    _pending.ids = set()
    try:
        yield
        ids = _pending.ids
    finally:
        _pending.ids = None
    refresh_documents(ids, using)


def refresh_documents(provider_ids, using="default"):
    """
    Rebuild the stored search document, search terms, filter facets (providers.facets) and
    result card (ProviderCard) of these providers from their rows (inside one_refresh(),
    when it ends).
    """
    ids = [pk for pk in provider_ids if pk is not None]
    if not ids:
        return
    if getattr(_pending, "ids", None) is not None:
        _pending.ids.update(ids)
        return
    if connections[using].vendor == "postgresql":
        _refresh_postgresql(ids, using)
    else:
        _refresh_python(ids, using)
    ProviderCard.objects.using(using).rebuild(ids)


def refresh_all_documents(using="default", chunk=2000):
    """refresh_documents for every provider, `chunk` at a time (after a change of format)."""
    ids = list(Provider.objects.using(using).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        refresh_documents(ids[start : start + chunk], using=using)


def _kind_case(quote, params):
    whens = []
    for value, label in ProviderKind.choices:
        whens.append("WHEN %s THEN %s")
        params += [value, label]
    return f"CASE {quote('kind')} " + " ".join(whens) + " ELSE '' END"


def _refresh_postgresql(ids, using):
    connection = connections[using]
    q = connection.ops.quote_name
    provider = Provider._meta.db_table
    offer = ProviderService._meta.db_table
    service = ProviderService._meta.get_field("service").related_model._meta.db_table
    treats = Provider.conditions.through._meta.db_table
    condition = Provider.conditions.field.related_model._meta.db_table
    practitioner = Practitioner._meta.db_table
    speaks = Provider.languages.through._meta.db_table
    branch = Location._meta.db_table
    hours = OpeningHours._meta.db_table
    special = OpeningException._meta.db_table
    params = []
    kind = _kind_case(lambda name: f"p2.{q(name)}", params)
    cell_sizes = ", ".join(
        f"({level}, {float(size)!r}::double precision)" for level, size in enumerate(geo.CELL_SIZES)
    )
    # A, B and C parts of every provider in ids, built in one pass over their rows.
    parts = f"""
        SELECT p2.id,
               p2.name AS a,
               concat_ws(' ', {kind},
                   (SELECT string_agg(s.name, ' ' ORDER BY s.name)
                      FROM {q(offer)} o JOIN {q(service)} s ON s.id = o.service_id
                     WHERE o.provider_id = p2.id),
                   (SELECT string_agg(c.name, ' ' ORDER BY c.name)
                      FROM {q(treats)} t JOIN {q(condition)} c ON c.id = t.condition_id
                     WHERE t.provider_id = p2.id)) AS b,
               concat_ws(' ', p2.description,
                   (SELECT string_agg(concat_ws(' ', pr.name, pr.training), ' ' ORDER BY pr.id)
                      FROM {q(practitioner)} pr WHERE pr.provider_id = p2.id)) AS c,
               ARRAY(SELECT %s::text || o.service_id
                       FROM {q(offer)} o WHERE o.provider_id = p2.id
                     UNION SELECT %s::text || t.condition_id
                       FROM {q(treats)} t WHERE t.provider_id = p2.id
                     UNION SELECT %s::text || sp.language_id
                       FROM {q(speaks)} sp WHERE sp.provider_id = p2.id
                     UNION SELECT %s::text || b.area_id
                       FROM {q(branch)} b WHERE b.provider_id = p2.id
                     UNION SELECT %s::text || regexp_replace(lower(pr.gender), '[^a-z0-9]', '', 'g')
                       FROM {q(practitioner)} pr WHERE pr.provider_id = p2.id AND pr.gender <> ''
                     UNION SELECT t.token
                       FROM {q(hours)} oh JOIN {q(branch)} b ON b.id = oh.location_id
                            CROSS JOIN LATERAL generate_series(
                                oh.weekday * 24 + extract(hour FROM oh.opens)::int,
                                oh.weekday * 24 + ceil(extract(epoch FROM oh.closes) / 3600)::int
                                + CASE WHEN oh.closes <= oh.opens THEN 24 ELSE 0 END - 1
                            ) AS g(hour)
                            CROSS JOIN LATERAL unnest(ARRAY[
                                %s::text || mod(g.hour, {facets.HOURS_A_WEEK}),
                                %s::text || mod(g.hour, {facets.HOURS_A_WEEK}) / 24
                            ]) AS t(token)
                      WHERE b.provider_id = p2.id
                     UNION SELECT %s::text || to_char(e.date, 'YYYYMMDD')
                       FROM {q(special)} e JOIN {q(branch)} b ON b.id = e.location_id
                      WHERE b.provider_id = p2.id AND NOT e.closed
                     -- facets.hours_open_throughout(): the hours an interval fills
                     UNION SELECT %s::text || mod(g.hour, {facets.HOURS_A_WEEK})
                       FROM {q(hours)} oh JOIN {q(branch)} b ON b.id = oh.location_id
                            CROSS JOIN LATERAL generate_series(
                                ceil((oh.weekday * 86400 + extract(epoch FROM oh.opens))
                                     / 3600)::int,
                                floor((oh.weekday * 86400 + extract(epoch FROM oh.closes)
                                       + CASE WHEN oh.closes <= oh.opens THEN 86400 ELSE 0 END)
                                      / 3600)::int - 1
                            ) AS g(hour)
                      WHERE b.provider_id = p2.id
                     UNION SELECT %s::text || to_char(e.date, 'YYYYMMDD')
                       FROM {q(special)} e JOIN {q(branch)} b ON b.id = e.location_id
                      WHERE b.provider_id = p2.id
                     -- geo.cells(): the branch's cell at each size
                     UNION SELECT 'k' || c.level || 'y' || floor((b.latitude + 90) / c.size)::bigint
                            || 'x' || mod(floor((b.longitude + 180) / c.size)::bigint,
                                          round(360 / c.size)::bigint)
                       FROM {q(branch)} b CROSS JOIN (VALUES {cell_sizes}) AS c(level, size)
                      WHERE b.provider_id = p2.id
                        AND b.latitude IS NOT NULL AND b.longitude IS NOT NULL
               ) AS f
          FROM {q(provider)} p2
         WHERE p2.id = ANY(%s)
    """
    params += [facets.SERVICE, facets.CONDITION, facets.LANGUAGE, facets.AREA, facets.GENDER]
    params += [facets.HOUR, facets.DAY, facets.SPECIAL_DATE, facets.WHOLE_HOUR]
    params.append(facets.EXCEPTION_DATE)
    params.append(ids)
    config = text_search_config()
    sql = f"""
        UPDATE {q(provider)} AS p SET
            search_document =
                setweight(to_tsvector(%s::regconfig, d.a), 'A')
                || setweight(to_tsvector(%s::regconfig, d.b), 'B')
                || setweight(to_tsvector(%s::regconfig, d.c), 'C'),
            search_terms = lower(concat_ws(' ', d.a, d.b)),
            facets = array_to_tsvector(d.f)
          FROM ({parts}) AS d
         WHERE p.id = d.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [config, config, config, *params])


def _refresh_python(ids, using):
    """The same texts, assembled in Python: plain lowercased text for containment."""
    labels = dict(ProviderKind.choices)
    providers = {
        p.pk: p
        for p in Provider.objects.using(using)
        .filter(pk__in=ids)
        .only("pk", "name", "kind", "description")
    }
    services, conditions, people = {}, {}, {}
    offers = ProviderService.objects.using(using).filter(provider_id__in=ids)
    for pk, name in offers.order_by("service__name").values_list("provider_id", "service__name"):
        services.setdefault(pk, []).append(name)
    treats = Provider.conditions.through.objects.using(using).filter(provider_id__in=ids)
    for pk, name in treats.order_by("condition__name").values_list(
        "provider_id", "condition__name"
    ):
        conditions.setdefault(pk, []).append(name)
    staff = Practitioner.objects.using(using).filter(provider_id__in=ids).order_by("pk")
    found = {pk: set() for pk in providers}
    for pk, name, training, gender in staff.values_list(
        "provider_id", "name", "training", "gender"
    ):
        people.setdefault(pk, []).extend([name, training])
        if gender:
            found[pk].add(facets.token(facets.GENDER, gender))
    for kind, rows in [
        (facets.SERVICE, offers.values_list("provider_id", "service_id")),
        (facets.CONDITION, treats.values_list("provider_id", "condition_id")),
        (
            facets.LANGUAGE,
            Provider.languages.through.objects.using(using)
            .filter(provider_id__in=ids)
            .values_list("provider_id", "language_id"),
        ),
        (
            facets.AREA,
            Location.objects.using(using)
            .filter(provider_id__in=ids)
            .values_list("provider_id", "area_id"),
        ),
    ]:
        for pk, value in rows:
            found[pk].add(facets.token(kind, value))
    intervals = OpeningHours.objects.using(using).filter(location__provider_id__in=ids)
    for pk, weekday, opens, closes in intervals.values_list(
        "location__provider_id", "weekday", "opens", "closes"
    ):
        found[pk].update(facets.opening_tokens(weekday, opens, closes))
    exceptions = OpeningException.objects.using(using).filter(location__provider_id__in=ids)
    for pk, date, closed in exceptions.values_list("location__provider_id", "date", "closed"):
        found[pk].add(facets.exception_date_token(date))
        if not closed:
            found[pk].add(facets.special_date_token(date))
    located = Location.objects.using(using).filter(
        provider_id__in=ids, latitude__isnull=False, longitude__isnull=False
    )
    for pk, latitude, longitude in located.values_list("provider_id", "latitude", "longitude"):
        found[pk].update(geo.cells(geo.Point(latitude, longitude)))
    for pk, provider in providers.items():
        terms = " ".join(
            [
                provider.name,
                labels.get(provider.kind, ""),
                *services.get(pk, []),
                *conditions.get(pk, []),
            ]
        )
        rest = " ".join([provider.description, *people.get(pk, [])])
        provider.search_terms = " " + " ".join(WORD.findall(terms.lower())) + " "
        provider.search_document = " " + " ".join(WORD.findall(f"{terms} {rest}".lower())) + " "
        provider.facets = facets.as_text(found[pk])
    Provider.objects.using(using).bulk_update(
        providers.values(), ["search_terms", "search_document", "facets"], batch_size=500
    )
