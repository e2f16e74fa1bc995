"""
The one write path (providers.changes): a change to anything a listing shows reaches its search
data, its card and every cached page once the transaction commits, and only then; a transaction
that rolls back changes nothing.

Most tests end each change as if it had committed (tests.conftest.committed, which runs what
transaction.on_commit left); the ones about commits and rollbacks use real transactions.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from providers import changes, facets, search
from providers.changes import generation
from providers.models import (
    Area,
    Condition,
    Gender,
    Language,
    Location,
    OpeningException,
    OpeningHours,
    Provider,
    ProviderCard,
    SearchSynonym,
    Service,
)
from tests.articles.factories import ArticleFactory
from tests.conftest import CommittingClient, committed
from tests.factories import (
    AreaFactory,
    ConditionFactory,
    LanguageFactory,
    LocationFactory,
    OpeningHoursFactory,
    PractitionerFactory,
    ProviderFactory,
    ServiceFactory,
    UserFactory,
)
from tests.pages import names, text
from tests.providers.rebuilds import search_rebuilds

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def t(value):
    return datetime.time.fromisoformat(value)


def tokens(provider):
    value = Provider.objects.values_list("facets", flat=True).get(pk=provider.pk) or ""
    return {token.strip("'") for token in value.split()}


def found(words):
    query = search.parse(words)
    return list(search.matching(Provider.objects.all(), query).values_list("name", flat=True))


def card_of(provider):
    return ProviderCard.objects.get(provider=provider).data


# -- each kind of change reaches the derived data ---------------------------------------------


@pytest.mark.django_db
def test_changed_hours_change_the_facets():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[(MON, "09:00", "10:00")])
    assert "h9" in tokens(provider)

    row = OpeningHours.objects.get(location=branch)
    row.opens, row.closes = t("19:00"), t("20:00")
    with committed():
        row.save()
    assert "h19" in tokens(provider) and "h9" not in tokens(provider)

    with committed():
        row.delete()
    assert not any(token.startswith(("h", "d")) for token in tokens(provider))


@pytest.mark.django_db
def test_a_branch_moved_to_another_area_is_found_there():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider)
    elsewhere = AreaFactory()

    branch.area = elsewhere
    with committed():
        branch.save()

    assert list(Provider.objects.in_areas([elsewhere.pk])) == [provider]


@pytest.mark.django_db
def test_a_deleted_branch_takes_its_area_and_hours_with_it():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[(SAT, "09:00", "12:00")])
    area = branch.area

    with committed():
        branch.delete()

    assert not Provider.objects.in_areas([area.pk]).exists()
    assert not Provider.objects.open_during([SAT]).exists()
    assert card_of(provider)["branches"] == []


@pytest.mark.django_db
def test_branches_deleted_in_bulk_take_their_areas_with_them():
    # As the admin's "delete selected" does: a queryset's delete(), not each row's.
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[(SAT, "09:00", "12:00")])
    kept = LocationFactory(provider=provider)

    with committed():
        Location.objects.filter(pk=branch.pk).delete()

    assert not Provider.objects.in_areas([branch.area_id]).exists()
    assert list(Provider.objects.in_areas([kept.area_id])) == [provider]
    assert not Provider.objects.open_during([SAT]).exists()


@pytest.mark.django_db
def test_a_deleted_condition_or_language_leaves_the_providers_it_applied_to():
    sciatica = ConditionFactory(name="Sciatica")
    tamil = LanguageFactory(name="Tamil")
    provider = ProviderFactory(conditions=[sciatica], languages=[tamil])
    assert found("sciatica") == [provider.name]

    with committed():
        Condition.objects.filter(pk=sciatica.pk).delete()
        tamil.delete()

    assert found("sciatica") == []
    assert facets.token(facets.LANGUAGE, tamil.pk) not in tokens(provider)
    assert card_of(provider)["languages"] == []


@pytest.mark.django_db
def test_languages_and_conditions_linked_or_unlinked_are_found_at_once():
    provider = ProviderFactory()
    sciatica = ConditionFactory(name="Sciatica")
    tamil = LanguageFactory(name="Tamil")

    with committed():
        provider.conditions.add(sciatica)
        provider.languages.add(tamil)
    assert found("sciatica") == [provider.name]
    assert list(Provider.objects.speaking([tamil.pk])) == [provider]

    with committed():
        provider.conditions.clear()
        provider.languages.remove(tamil)
    assert found("sciatica") == []
    assert not Provider.objects.speaking([tamil.pk]).exists()


@pytest.mark.django_db
def test_a_practitioner_changes_the_genders_a_provider_is_found_by():
    provider = ProviderFactory()
    person = PractitionerFactory(provider=provider, gender=Gender.FEMALE)
    person.gender = Gender.NON_BINARY
    with committed():
        person.save()

    assert list(Provider.objects.with_practitioner_gender([Gender.NON_BINARY])) == [provider]
    assert not Provider.objects.with_practitioner_gender([Gender.FEMALE]).exists()


@pytest.mark.django_db
def test_special_hours_make_a_provider_a_candidate_for_open_now():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[])
    monday = datetime.date(2025, 6, 2)
    with committed():
        OpeningException.objects.create(
            location=branch, date=monday, closed=False, opens="10:00", closes="12:00"
        )

    assert facets.special_date_token(monday) in tokens(provider)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, old, new",
    [
        (Service, "Physical therapy", "Physio session"),
        (Area, "Bedok", "Bedok North"),
        (Language, "Malay", "Bahasa Melayu"),
    ],
)
def test_a_renamed_term_rebuilds_every_listing_it_applies_to(places, model, old, new):
    bedok = places.bedok
    physio = ServiceFactory(name="Physical therapy")
    malay = LanguageFactory(name="Malay")
    providers = [ProviderFactory(services=[physio], languages=[malay]) for _ in range(2)]
    for provider in providers:
        LocationFactory(provider=provider, area=bedok)

    term = model.objects.get(name=old)
    term.name = new
    with committed():
        term.save()

    for provider in providers:
        card = card_of(provider)
        shown = {
            Service: [offer["service"] for offer in card["offers"]],
            Area: [branch["area"] for branch in card["branches"]],
            Language: card["languages"],
        }[model]
        assert shown == [new]
    if model is Service:
        assert len(found("physio session")) == 2


@pytest.mark.django_db
def test_an_edit_listings_do_not_show_rebuilds_nothing():
    physio = ServiceFactory(name="Physical therapy")
    ProviderFactory(services=[physio])

    physio.description = "Exercises and hands-on treatment, in plain words."
    with CaptureQueriesContext(connection) as queries, committed():
        physio.save()

    assert search_rebuilds(queries) == []


@pytest.mark.django_db
def test_a_new_synonym_moves_the_generation_so_that_searches_use_it():
    before = generation()
    with committed():
        SearchSynonym.objects.create(term="physio", expands_to="physiotherapy")

    assert generation() != before


# -- several rows, one rebuild --------------------------------------------------------------


@pytest.mark.django_db
def test_rows_saved_in_one_transaction_rebuild_their_listing_once():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider)

    with CaptureQueriesContext(connection) as queries, committed(), transaction.atomic():
        for weekday in range(7):
            OpeningHoursFactory.build(location=branch, weekday=weekday).save()

    assert len(search_rebuilds(queries)) == 1
    assert {f"d{day}" for day in range(7)} <= tokens(provider)


@pytest.mark.django_db
def test_deleting_a_provider_rebuilds_nothing_for_the_rows_deleted_with_it():
    provider = ProviderFactory(services=[ServiceFactory(), ServiceFactory()])
    for _ in range(3):
        LocationFactory(provider=provider, hours=[(day, "09:00", "18:00") for day in range(7)])
    PractitionerFactory(provider=provider)

    with CaptureQueriesContext(connection) as queries, committed():
        provider.delete()

    assert search_rebuilds(queries) == []
    assert not ProviderCard.objects.exists()


@pytest.mark.django_db
def test_a_change_made_without_signals_is_announced_with_listings_changed():
    provider = ProviderFactory(name="Spine Care")
    Provider.objects.filter(pk=provider.pk).update(name="Zephyr Care")
    assert found("zephyr") == []

    with committed():
        changes.listings_changed([provider.pk])

    assert found("zephyr") == ["Zephyr Care"]


def content_modified(provider):
    return Provider.objects.values_list("content_modified", flat=True).get(pk=provider.pk)


@pytest.mark.django_db
def test_a_change_to_a_branch_offer_or_hours_stamps_the_listing_modified(frozen_clock):
    provider, other = ProviderFactory(services=[ServiceFactory()]), ProviderFactory()
    branch = LocationFactory(provider=provider)
    untouched = content_modified(other)

    def reprice():
        provider.offers.update(price=99)
        changes.listings_changed([provider.pk])

    for change in (
        lambda: OpeningHoursFactory(location=branch),
        lambda: OpeningException.objects.create(location=branch, date=datetime.date(2027, 1, 1)),
        reprice,
        lambda: Location.objects.filter(pk=branch.pk).delete(),
    ):
        frozen_clock.shift(datetime.timedelta(minutes=5))
        moment = timezone.now()
        with committed():
            change()
        assert content_modified(provider) >= moment
    assert content_modified(other) == untouched


@pytest.mark.django_db
def test_what_only_the_calendar_changes_leaves_the_listing_unmodified(frozen_clock):
    provider = ProviderFactory()
    stamped, before = content_modified(provider), generation()
    frozen_clock.shift(datetime.timedelta(days=1))

    with committed():
        changes.listings_changed([provider.pk], edited=False)

    assert generation() != before
    assert content_modified(provider) == stamped


# -- in the admin -----------------------------------------------------------------------------


@pytest.fixture
def moderator_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def delete_selected(client, model, rows):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    response = client.post(
        url,
        {
            "action": "delete_selected",
            "_selected_action": [row.pk for row in rows],
            "post": "yes",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.django_db
def test_branches_deleted_with_the_admins_delete_selected_leave_the_directory(
    moderator_client, places
):
    provider = ProviderFactory(name="Spine Care")
    branch = LocationFactory(provider=provider, area=places.bedok)
    assert names(moderator_client.get("/providers/?area=east")) == ["Spine Care"]

    delete_selected(moderator_client, Location, [branch])

    assert names(moderator_client.get("/providers/?area=east")) == []


@pytest.mark.django_db
def test_articles_deleted_with_the_admins_delete_selected_leave_the_cached_pages(
    moderator_client, client, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    visitor = CommittingClient()
    article = ArticleFactory(title="Why backs hurt")
    assert "Why backs hurt" in text(visitor.get("/articles/"))
    assert visitor.get("/articles/")["X-Page-Cache"] == "hit"

    delete_selected(moderator_client, Article, [article])

    response = visitor.get("/articles/")
    assert response["X-Page-Cache"] == "miss"
    assert "Why backs hurt" not in text(response)


# -- after the commit, and only then ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_page_requested_before_a_change_commits_is_not_served_after_it(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    massage = ServiceFactory(name="Swedish massage")
    provider = ProviderFactory(name="Spine Care", services=[massage])
    offer = provider.offers.get()
    assert "Swedish massage · from SGD 80" in text(client.get("/providers/"))

    with transaction.atomic():
        offer.price = 60
        offer.save()
        # Rendered while the rebuild waits for the commit: the old card, under the old
        # generation.
        during = client.get("/providers/")
        assert "from SGD 80" in text(during)

    after = client.get("/providers/")
    assert after["X-Page-Cache"] == "miss"
    assert "Swedish massage · from SGD 60" in text(after)
    assert client.get("/providers/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_rebuilds_nothing_and_keeps_the_generation():
    provider = ProviderFactory(name="Spine Care")
    area = AreaFactory()
    card = card_of(provider)
    before = generation()

    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        # Rows saved as a page would save them (the factories end each object as committed).
        Location.objects.create(provider=provider, name="Tampines", address="1 Road", area=area)
        provider.name = "Renamed"
        provider.save()
        raise RuntimeError("the page failed")

    assert search_rebuilds(queries) == []
    assert generation() == before
    assert card_of(provider) == card
    assert Provider.objects.get(pk=provider.pk).name == "Spine Care"


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_is_rebuilt_before_the_generation_moves(monkeypatch):
    provider = ProviderFactory(name="Spine Care")
    seen = []
    real_bump = changes.bump_generation

    def bump():
        # What a page rendered at the moment the generation moves would show.
        seen.append(Provider.objects.values_list("search_terms", flat=True).get(pk=provider.pk))
        real_bump()

    monkeypatch.setattr(changes, "bump_generation", bump)
    with transaction.atomic():
        provider.name = "Back Care"
        provider.save()
        assert seen == []

    assert seen == [" back care massage therapy "]
