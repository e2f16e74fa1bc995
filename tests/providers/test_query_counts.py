"""
The number of SQL queries a page issues does not grow with what it shows (DESIGN.md's budget
for a directory page: ≤ 8; it issues 3 for a search's first visitor, 2 once its filters' form is
kept; a profile, 13 at most, whatever it shows).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.models import Area, Condition, Gender, Language, Provider, ProviderKind, Service
from tests.conftest import committed
from tests.factories import (
    AreaFactory,
    ConditionFactory,
    CredentialFactory,
    LanguageFactory,
    LocationFactory,
    PhotoFactory,
    PractitionerFactory,
    ProviderFactory,
    RegionFactory,
    ServiceFactory,
)
from tests.pages import names
from tests.world import ALL_WEEK

pytestmark = pytest.mark.django_db


def matching_provider(area, service, condition, languages, name):
    """A provider that every filter of EVERY_FILTER lets through, with plenty to show."""
    provider = ProviderFactory(
        name=name,
        kind=ProviderKind.ACUPUNCTURE,
        services=[(service, Decimal("60")), (ServiceFactory(), Decimal("70"))],
        conditions=[condition],
        languages=languages,
        home_visits=True,
        wheelchair_accessible=True,
        is_verified=True,
    )
    LocationFactory(provider=provider, area=area, hours=ALL_WEEK)
    LocationFactory(provider=provider, area=area, hours=[(0, "09:00", "18:00")])
    PractitionerFactory(provider=provider, gender=Gender.FEMALE)
    return provider


@pytest.fixture
def two_areas(places):
    """One matching provider in Tampines, twenty-five in Bedok; the same everywhere else."""
    tampines, bedok = places.tampines, places.bedok
    service = ServiceFactory(name="Acupuncture", slug="acupuncture")
    condition = ConditionFactory(slug="sciatica")
    languages = [LanguageFactory(slug="mandarin"), LanguageFactory(slug="english")]
    matching_provider(tampines, service, condition, languages, "Only One")
    for n in range(25):
        matching_provider(bedok, service, condition, languages, f"Many {n:02d}")


def every_filter(area, sort="name"):
    return (
        "/providers/?q=acupuncture&kind=acupuncture&service=acupuncture&condition=sciatica"
        f"&area={area}&language=mandarin&language=english&gender=female&price_max=100"
        "&home_visits=on&accessible=on&verified=on&open_now=on&near=1.3521,103.8198&radius=5"
        f"&open_on=monday&open_after=08:00&open_before=20:00&sort={sort}&page=1"
    )


def warm(client):
    """
    A request that loads what the cache keeps between requests (the vocabulary), as any
    earlier visitor's would on a running site; the first page after a change costs one
    query more.
    """
    client.get("/providers/")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_the_directory_issues_as_many_queries_for_1_result_as_for_20(client, two_areas):
    warm(client)
    one, one_count = count_queries(client, every_filter("tampines"))
    twenty, twenty_count = count_queries(client, every_filter("bedok"))

    # The filters really were applied, and the pages really were of 1 and of 20.
    assert names(one) == ["Only One"]
    assert len(twenty.context["page_obj"]) == 20
    assert "We could not use" not in one.content.decode()
    # The ids of what it found (their number is the count), how many of them each filter
    # option would find, and the page.
    assert one_count == twenty_count == 3


def test_the_first_directory_page_after_a_change_loads_the_vocabulary_once(
    client, two_areas, frozen_clock
):
    _, cold = count_queries(client, every_filter("bedok"))
    _, warm_count = count_queries(client, every_filter("bedok"))
    ServiceFactory()  # a moderator adds a term
    _, after_change = count_queries(client, every_filter("bedok"))

    # Cold: the vocabulary and how many listings have each filter option (both kept until a
    # listing or term changes), then the search's three. Warm, in the same minute ("open
    # now" is asked afresh): the search's ids and page, the filters' form being kept.
    assert cold == after_change == 5
    assert warm_count == 2


@pytest.mark.parametrize("sort", ["distance", "relevance"])
def test_sorting_by_distance_or_relevance_costs_no_extra_query(client, two_areas, sort):
    warm(client)
    one, one_count = count_queries(client, every_filter("tampines", sort))
    twenty, twenty_count = count_queries(client, every_filter("bedok", sort))

    assert names(one) == ["Only One"]
    assert len(twenty.context["page_obj"]) == 20
    assert one_count == twenty_count == 3


def test_the_next_page_of_the_directory_is_one_query(client, two_areas):
    warm(client)  # the first page, which counted the results
    response, count = count_queries(client, "/providers/?page=2")

    assert len(response.context["page_obj"]) == 6
    assert count == 1


def make_profile(branches, practitioners, credentials):
    provider = ProviderFactory(
        slug=f"profile-{branches}",
        services=[ServiceFactory() for _ in range(branches)],
        conditions=[ConditionFactory() for _ in range(branches)],
        languages=[LanguageFactory() for _ in range(branches)],
    )
    for _ in range(branches):
        LocationFactory(provider=provider, hours=[(0, "09:00", "12:00"), (0, "14:00", "18:00")])
    for _ in range(practitioners):
        person = PractitionerFactory(provider=provider, languages=[LanguageFactory()])
        CredentialFactory(provider=provider, practitioner=person)
    for _ in range(credentials):
        CredentialFactory(provider=provider, is_verified=True)
    PhotoFactory.create_batch(branches, provider=provider)
    return provider


def test_a_profile_stays_within_13_queries_however_much_it_shows(
    client, django_assert_max_num_queries
):
    small = make_profile(branches=1, practitioners=1, credentials=1)
    large = make_profile(branches=4, practitioners=5, credentials=6)

    # One of them asks whether the listing has staff to answer enquiries.
    with django_assert_max_num_queries(13):
        _, small_count = count_queries(client, small.get_absolute_url())
    with django_assert_max_num_queries(13):
        response, large_count = count_queries(client, large.get_absolute_url())

    assert response.content.decode().count('class="branch"') == 4
    assert response.content.decode().count('<li><a href="/media/') == 4  # the photos
    assert small_count == large_count


@pytest.mark.parametrize(
    "url", ["/services/acupuncture/", "/conditions/sciatica/", "/areas/east/", "/areas/bedok/"]
)
def test_landing_pages_do_not_grow_with_their_providers(
    client, two_areas, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response, count = count_queries(client, url)
    assert len(response.context["page_obj"]) == 20

    bedok = Area.objects.get(slug="bedok")
    service = Service.objects.get(slug="acupuncture")
    condition = Condition.objects.get(slug="sciatica")
    for n in range(5):
        matching_provider(bedok, service, condition, list(Language.objects.all()), f"More {n}")
    with django_assert_max_num_queries(12):
        _, count_after = count_queries(client, url)
    assert count_after == count


def test_the_home_page_does_not_grow_with_the_directory(
    client, two_areas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        _, count = count_queries(client, "/")

    for _ in range(5):
        ProviderFactory(services=[ServiceFactory()], conditions=[ConditionFactory()])
        AreaFactory(parent=RegionFactory())
    with django_assert_max_num_queries(6):
        _, count_after = count_queries(client, "/")
    assert count_after == count


def test_paging_through_a_search_counts_its_results_once(client, two_areas):
    warm(client)
    first, first_count = count_queries(client, "/providers/?service=acupuncture&area=bedok")
    second, second_count = count_queries(
        client, "/providers/?service=acupuncture&area=bedok&page=2"
    )

    assert first.context["page_obj"].paginator.count == 25
    assert second.context["page_obj"].paginator.count == 25
    assert len(second.context["page_obj"]) == 5
    # The first page: the ids found, the filter options' counts among them, the page; the
    # second reads only its page, the count and the filters' form being kept.
    assert (first_count, second_count) == (3, 1)


def test_a_kept_count_follows_a_changed_listing_at_once(client, two_areas):
    url = "/providers/?service=acupuncture&area=bedok"
    assert client.get(url).context["page_obj"].paginator.count == 25

    provider = Provider.objects.get(name="Many 00")
    provider.is_published = False
    with committed():
        provider.save()

    assert client.get(url).context["page_obj"].paginator.count == 24


def test_open_now_is_counted_afresh_every_time(client, two_areas, frozen_clock):
    warm(client)
    _, first = count_queries(client, "/providers/?open_now=on")
    _, again = count_queries(client, "/providers/?open_now=on")

    # Both find the ids afresh; the filters' form (with its option counts) is kept for the
    # minute.
    assert (first, again) == (3, 2)
