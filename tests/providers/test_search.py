"""
Text search (`q`): relevance, prefixes, typos, synonyms, highlighting, and the stored search
document staying current when a listing changes. PostgreSQL-only and SQLite-only behaviour
is marked; the rest holds on both.
"""

import io
from decimal import Decimal

import pytest
from django.db import connection

from providers import search
from providers.directory import RELEVANCE, DirectorySearch, Results
from providers.models import Provider, ProviderKind, SearchSynonym
from providers.vocabulary import Vocabulary
from tests.conftest import committed
from tests.factories import (
    ConditionFactory,
    PractitionerFactory,
    ProviderFactory,
    ProviderServiceFactory,
    ServiceFactory,
    UserFactory,
)
from tests.pages import names, text

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text ranking and trigram typos need PostgreSQL; SQLite uses containment",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite containment path is tested on SQLite"
)


def find(client, q, **params):
    response = client.get("/providers/", {"q": q, **params})
    assert response.status_code == 200
    return response


@pytest.fixture
def listings():
    deep = ServiceFactory(name="Deep tissue massage", slug="deep-tissue-massage")
    acupuncture = ServiceFactory(name="Acupuncture", slug="acupuncture")
    herniated = ConditionFactory(name="Herniated disc", slug="herniated-disc")
    low_back = ConditionFactory(name="Nonspecific low back pain", slug="nonspecific-low-back-pain")
    by_name = ProviderFactory(
        name="Deep Tissue Studio", kind=ProviderKind.MASSAGE, description="A quiet room."
    )
    by_description = ProviderFactory(
        name="Quiet Hands",
        kind=ProviderKind.MASSAGE,
        description="We are known for deep tissue work on stiff backs.",
    )
    by_service = ProviderFactory(
        name="Harbour Wellness", kind=ProviderKind.MASSAGE, services=[deep], description="."
    )
    tcm = ProviderFactory(
        name="Lotus Clinic",
        kind=ProviderKind.ACUPUNCTURE,
        services=[acupuncture],
        conditions=[herniated],
        description="Traditional care.",
    )
    physio = ProviderFactory(
        name="Move Well",
        kind=ProviderKind.PHYSIOTHERAPY,
        conditions=[low_back],
        description="Exercise-based rehabilitation.",
    )
    return locals()


def test_a_name_match_outranks_a_service_match_and_a_description_match(client, listings):
    response = find(client, "deep tissue")

    assert names(response) == ["Deep Tissue Studio", "Harbour Wellness", "Quiet Hands"]
    assert response.context["filter"].sorted_by == "relevance"


def test_every_word_must_match(client, listings):
    assert names(find(client, "deep acupuncture")) == []


def test_a_partial_word_finds_the_words_it_starts(client, listings):
    assert names(find(client, "acupunct")) == ["Lotus Clinic"]
    assert names(find(client, "physioth")) == ["Move Well"]


def test_a_short_word_or_a_number_matches_whole_words_only(client, listings):
    ProviderFactory(name="Clinic 1", description=".")
    ProviderFactory(name="Clinic 13", description=".")

    assert names(find(client, "clinic 1")) == ["Clinic 1"]


@pytest.mark.parametrize(
    "typed, expected",
    [("acupunture", "Lotus Clinic"), ("masage", "Harbour Wellness"), ("herniatd", "Lotus Clinic")],
)
@postgresql_only
def test_a_misspelt_word_still_finds_through_trigram_similarity(client, listings, typed, expected):
    assert expected in names(find(client, typed))


@postgresql_only
def test_typo_matches_rank_below_exact_matches(client, listings):
    ProviderFactory(name="Acupunture Typo Clinic", description=".")  # misspelt in its name

    found = names(find(client, "acupuncture"))

    assert found[0] == "Lotus Clinic"


@postgresql_only
def test_a_misspelt_synonym_finds_what_the_synonym_stands_for(client, listings):
    SearchSynonym.objects.create(term="acupuncturist", expands_to="acupuncture")

    assert names(find(client, "acupunturist")) == ["Lotus Clinic"]


@postgresql_only
def test_a_misspelt_clinic_name_still_finds_through_trigram_similarity(client, listings):
    assert names(find(client, "harbuor")) == ["Harbour Wellness"]


def test_a_misspelt_vocabulary_word_is_read_as_that_word():
    vocabulary = search.vocabulary_words("Acupuncture", "Sciatica", "Deep tissue massage")

    query = search.parse("acupunture sciatika deep tiss quiet", {}, vocabulary)

    assert query.corrections == {"acupunture": [("acupuncture",)], "sciatika": [("sciatica",)]}
    # Words of the vocabulary, and words they start, are searched as typed.
    assert query.known == {"deep", "tiss"}
    assert "('acupunture':*) | ('acupuncture':*)" in query.tsquery()


@sqlite_only
def test_sqlite_matches_words_by_containment_names_first(client, listings):
    response = find(client, "DEEP tissue")

    assert names(response)[0] == "Deep Tissue Studio"
    assert set(names(response)) == {"Deep Tissue Studio", "Harbour Wellness", "Quiet Hands"}
    # No trigram similarity without PostgreSQL: a misspelt name finds nothing, and no error.
    assert names(find(client, "harbur")) == []


def test_a_misspelt_vocabulary_word_finds_on_every_database(client, listings):
    # Read as the service it misspells, from the vocabulary in memory.
    assert names(find(client, "acupunture")) == ["Lotus Clinic"]


def test_the_page_says_how_a_misspelt_word_was_read_and_offers_it_as_typed(client, listings):
    response = find(client, "acupunture back", sort="relevance")

    assert (
        "Showing results for acupuncture back (you typed “acupunture back”). "
        "Search for “acupunture back” only."
    ) in text(response)
    as_typed = response.context["correction"]["as_typed_url"]
    assert as_typed == "?q=acupunture+back&sort=relevance&as_typed=true"

    again = client.get("/providers/" + as_typed)
    assert again.context["correction"] is None
    assert "Showing results for" not in text(again)
    if connection.vendor == "sqlite":  # (PostgreSQL still finds it by trigram similarity)
        assert names(again) == []


def test_words_the_vocabulary_knows_are_not_corrected(client, listings):
    assert find(client, "acupuncture").context["correction"] is None


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("physio", ["Move Well"]),
        ("TCM", ["Lotus Clinic"]),
        ("slipped disc", ["Lotus Clinic"]),
        ("lower back pain", ["Move Well"]),
    ],
)
def test_synonyms_and_abbreviations_find_what_they_stand_for(client, listings, typed, expected):
    for term, expansion in [
        ("physio", "physiotherapy"),
        ("tcm", "acupuncture"),
        ("slipped disc", "herniated disc"),
        ("lower back pain", "nonspecific low back pain"),
    ]:
        SearchSynonym.objects.create(term=term, expands_to=expansion)

    assert names(find(client, typed)) == expected


def test_a_synonym_a_moderator_adds_takes_effect_on_the_next_search(client, listings):
    assert names(find(client, "knots")) == []

    with committed():
        SearchSynonym.objects.create(term="Knots", expands_to="deep tissue")

    assert "Harbour Wellness" in names(find(client, "knots"))


def test_matches_are_highlighted_and_the_rest_escaped(client, listings):
    ProviderFactory(
        name="<b>Deep</b> & Co",
        description="Deep tissue <script>alert(1)</script> for desk workers.",
    )

    body = find(client, "deep").content.decode()

    assert "&lt;b&gt;<mark>Deep</mark>&lt;/b&gt; &amp; Co" in body
    assert "<mark>Deep</mark> tissue &lt;script&gt;" in body
    assert "<script>alert(1)</script>" not in body


def test_search_text_with_no_words_finds_nothing(client, listings):
    assert names(find(client, "?!")) == []


def test_sort_by_name_overrides_relevance(client, listings):
    response = find(client, "deep tissue", sort="name")

    assert names(response) == ["Deep Tissue Studio", "Harbour Wellness", "Quiet Hands"][::1]
    assert response.context["filter"].sorted_by == "name"


@postgresql_only
def test_a_page_of_ranked_results_is_that_slice_of_the_whole_ranking(client, listings, settings):
    # Three tiers whose names interleave, so that a page built from a few candidates per tier
    # would show if it took the wrong ones.
    for n in range(6):
        ProviderFactory(name=f"{'BDF'[n % 3]}{n} Deep Tissue Rooms", description=".")
        ProviderFactory(name=f"{'ACE'[n % 3]}{n} Hands", services=[listings["deep"]])
        ProviderFactory(name=f"{'ABC'[n % 3]}{n} Room", description="Deep tissue work.")
    vocabulary = Vocabulary.load()
    query = search.parse("deep tissue", vocabulary.synonym_map(), vocabulary.words)
    best = DirectorySearch(text="deep tissue", query=query, order=RELEVANCE)
    listed = Provider.objects.listed()
    whole = [provider.name for provider in best.ordered(best.providers(listed))]
    assert len(whole) == 21

    results = Results(best, listed)
    for start, stop in [(0, 4), (3, 9), (6, 13), (12, 20), (18, 21), (0, 21)]:
        assert "UNION" in str(results.page_ids(start, stop).query)
        assert [card.provider.name for card in results[start:stop]] == whole[start:stop]

    settings.DIRECTORY_PAGE_SIZE = 5
    assert names(find(client, "deep tissue", page="3")) == whole[10:15]


# -- the stored document stays current --------------------------------------------------------


def searchable(q):
    found = search.matching(Provider.objects.all(), search.parse(q))
    return list(found.values_list("name", flat=True))


def test_a_new_service_is_found_as_soon_as_it_is_saved(listings):
    cupping = ServiceFactory(name="Cupping", slug="cupping")
    assert searchable("cupping") == []

    offer = ProviderServiceFactory(provider=listings["physio"], service=cupping)
    assert searchable("cupping") == ["Move Well"]

    with committed():
        offer.delete()
    assert searchable("cupping") == []


def test_a_practitioner_edit_updates_the_document(listings):
    person = PractitionerFactory(provider=listings["physio"], name="Dr Wong", training="Pilates")
    assert searchable("pilates") == ["Move Well"]

    person.training = "Feldenkrais method"
    with committed():
        person.save()
    assert searchable("pilates") == []
    assert searchable("feldenkrais") == ["Move Well"]

    with committed():
        person.delete()
    assert searchable("feldenkrais") == []


def test_conditions_linked_or_unlinked_are_searchable_at_once(listings):
    sciatica = ConditionFactory(name="Sciatica", slug="sciatica")
    quiet_hands, move_well = listings["by_description"], listings["physio"]

    with committed():
        quiet_hands.conditions.add(sciatica)
        move_well.conditions.set([sciatica])
    assert sorted(searchable("sciatica")) == ["Move Well", "Quiet Hands"]

    with committed():
        quiet_hands.conditions.remove(sciatica)
    assert searchable("sciatica") == ["Move Well"]

    with committed():
        move_well.conditions.clear()
    assert searchable("sciatica") == []


def test_renaming_a_service_updates_every_provider_offering_it(listings):
    deep = listings["deep"]
    deep.name = "Remedial deep massage"
    with committed():
        deep.save()

    assert searchable("remedial") == ["Harbour Wellness"]


def test_conditions_changed_in_the_admin_are_searchable_at_once(client, listings):
    sciatica = ConditionFactory(name="Sciatica", slug="sciatica")
    provider = listings["by_description"]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/providers/provider/{provider.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("languages", "conditions")
    }
    data.update(conditions=[sciatica.pk], is_published="on")
    for prefix in ("locations", "offers", "practitioners", "credentials", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)

    assert response.status_code == 302, text(response)[:2000]
    assert searchable("sciatica") == ["Quiet Hands"]


def test_seeded_providers_are_searchable(db):
    from django.core.management import call_command

    with committed():
        call_command("seed_demo", providers=10, stdout=io.StringIO())

    assert Provider.objects.filter(search_document__isnull=True).count() == 0
    assert searchable("acupuncture")
    assert SearchSynonym.objects.filter(term="physio").exists()


def test_price_filter_and_search_combine(client, listings):
    ProviderServiceFactory(
        provider=listings["by_description"], service=listings["acupuncture"], price=Decimal("30")
    )

    response = find(client, "deep", price_max="50")

    assert names(response) == ["Quiet Hands"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST is PostgreSQL's")
def test_a_long_listing_keeps_its_search_document_inside_its_row():
    """A search checking documents row by row reads no TOAST table (migration 0009)."""
    # 300 different words: a 4 kB search document that hardly compresses, in a row of about
    # 7 kB, which PostgreSQL would otherwise move out of line.
    ProviderFactory(description=" ".join(f"word{n}" for n in range(300)))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltoastrelid::regclass FROM pg_class WHERE relname = %s",
            [Provider._meta.db_table],
        )
        (toast_table,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM {toast_table}")
        (out_of_line,) = cursor.fetchone()

    assert out_of_line == 0
