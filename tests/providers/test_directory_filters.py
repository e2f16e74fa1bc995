"""The directory page, /providers/, narrowed by GET parameters through the test client."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from providers.filters import ProviderFilter
from providers.models import ProviderKind
from tests.factories import LocationFactory, ProviderFactory, ServiceFactory
from tests.pages import hrefs, names, text

URL = "/providers/"


def listed(client, query=""):
    """The names of the providers found, A to Z (the order is tested in test_ordering)."""
    response = client.get(URL + query)
    assert response.status_code == 200
    return sorted(names(response))


ALPHA, BRAVO, CHARLIE = "Alpha Acupuncture", "Bravo Massage", "Charlie Physio"


def test_it_lists_every_published_provider_without_filters(client, directory):
    response = client.get(URL)

    assert sorted(names(response)) == [ALPHA, BRAVO, CHARLIE]
    page = text(response)
    assert ALPHA in page and BRAVO in page and CHARLIE in page
    assert "Hidden Acupuncture" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=acupuncture", [ALPHA]),
        ("?service=acupuncture", [ALPHA, CHARLIE]),
        ("?condition=scoliosis", [BRAVO, CHARLIE]),
        ("?area=tampines", [ALPHA]),
        ("?area=east", [ALPHA, BRAVO]),
        ("?area=west", [CHARLIE]),
        ("?language=malay", [BRAVO]),
        ("?gender=male", [BRAVO]),
        ("?gender=female", [ALPHA, CHARLIE]),
        ("?home_visits=on", [ALPHA]),
        ("?accessible=on", [BRAVO]),
        ("?verified=on", [ALPHA, CHARLIE]),
        ("?price_max=50", [CHARLIE]),
        ("?price_max=60", [ALPHA, CHARLIE]),
        ("?open_now=on", [ALPHA]),
        ("?q=massage", [BRAVO]),
        ("?q=sciatica", [ALPHA, CHARLIE]),
    ],
)
def test_each_filter_narrows_the_list(client, directory, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=acupuncture&kind=massage", [ALPHA, BRAVO]),
        ("?service=swedish-massage&service=cupping", [BRAVO, CHARLIE]),
        ("?condition=sciatica&condition=scoliosis", [ALPHA, BRAVO, CHARLIE]),
        ("?language=mandarin&language=malay", [ALPHA, BRAVO]),
        ("?gender=male&gender=female", [ALPHA, BRAVO, CHARLIE]),
    ],
)
def test_several_values_of_one_filter_mean_any_of_them(client, directory, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?service=acupuncture&area=east", [ALPHA]),
        ("?service=acupuncture&language=english", [CHARLIE]),
        ("?condition=scoliosis&verified=on", [CHARLIE]),
        ("?area=east&gender=female", [ALPHA]),
        ("?kind=massage&kind=physiotherapy&condition=sciatica", [CHARLIE]),
        ("?service=acupuncture&service=swedish-massage&area=east&language=english", [BRAVO]),
        ("?kind=massage&home_visits=on", []),
    ],
)
def test_different_filters_combine_with_and(client, directory, query, expected):
    assert listed(client, query) == expected


def test_price_max_applies_to_the_chosen_service(client, directory):
    # Charlie's cupping costs 40, but its acupuncture costs 150.
    assert listed(client, "?service=acupuncture&price_max=100") == [ALPHA]
    assert listed(client, "?service=cupping&price_max=100") == [CHARLIE]


def test_a_false_checkbox_value_does_not_filter(client, directory):
    assert listed(client, "?verified=false&home_visits=false") == [ALPHA, BRAVO, CHARLIE]


def test_it_sorts_by_name(client, db):
    for name in ["Mango Clinic", "Apple Physio", "Zebra Massage", "Banana Back Care"]:
        ProviderFactory(name=name)

    expected = ["Apple Physio", "Banana Back Care", "Mango Clinic", "Zebra Massage"]
    assert names(client.get(URL + "?sort=name")) == expected


@pytest.fixture
def many_massage(db):
    providers = [
        ProviderFactory(name=f"Massage {n:02d}", kind=ProviderKind.MASSAGE) for n in range(25)
    ]
    ProviderFactory(name="Physio", kind=ProviderKind.PHYSIOTHERAPY)
    return providers


def test_it_shows_20_results_a_page(client, many_massage):
    assert listed(client, "?kind=massage") == [f"Massage {n:02d}" for n in range(20)]


def test_page_2_shows_the_rest(client, many_massage):
    assert listed(client, "?kind=massage&page=2") == [f"Massage {n:02d}" for n in range(20, 25)]


def test_page_links_keep_the_filters(client, many_massage):
    response = client.get(URL + "?kind=massage&verified=&sort=name")

    page_links = [
        dict(parse_qsl(urlsplit(href).query)) for href in hrefs(response) if "page=2" in href
    ]
    assert page_links, "no link to page 2"
    for params in page_links:
        assert params["kind"] == "massage"
        assert params["sort"] == "name"


def test_page_links_on_page_2_lead_back_with_the_filters(client, many_massage):
    response = client.get(URL + "?kind=massage&page=2")

    back = [
        href
        for href in hrefs(response)
        if urlsplit(href).path in ("", URL)
        and dict(parse_qsl(urlsplit(href).query)).get("kind") == "massage"
        and "page=" not in href
    ]
    assert back, "no link back to page 1 keeping kind=massage"


def test_page_links_keep_every_value_of_a_filter_and_replace_the_page(client, many_massage):
    response = client.get(URL + "?kind=massage&kind=chiropractic&page=2")

    assert set(hrefs(response)) >= {
        URL + "?kind=massage&kind=chiropractic",
        URL + "?kind=massage&kind=chiropractic&page=2",
    }
    assert not [href for href in hrefs(response) if href.count("page=") > 1]


def test_page_links_without_filters_carry_only_the_page(client, many_massage):
    links = set(hrefs(client.get(URL)))

    assert URL + "?page=2" in links


def test_it_shows_the_result_count(client, many_massage):
    response = client.get(URL + "?kind=massage")

    assert response.context["page_obj"].paginator.count == 25
    assert "25 providers" in text(response)


def test_it_shows_one_result_in_the_singular(client, directory):
    assert "1 provider" in text(client.get(URL + "?kind=massage"))
    assert "1 providers" not in text(client.get(URL + "?kind=massage"))


def chips(response):
    return dict(response.context["chips"])


def test_it_shows_a_chip_for_each_active_filter_value(client, directory):
    response = client.get(URL + "?service=acupuncture&service=cupping&area=east&verified=on")

    assert set(chips(response)) == {"Acupuncture", "Cupping", "East", "Verified only"}
    page = text(response)
    for label in ("Acupuncture", "Cupping", "East", "Verified only"):
        assert label in page


def test_removing_a_chip_drops_just_that_value(client, directory):
    response = client.get(URL + "?service=acupuncture&service=cupping&area=east&verified=on&page=1")
    removal = chips(response)["Cupping"]

    params = parse_qsl(urlsplit(removal).query)
    assert sorted(params) == sorted(
        [("service", "acupuncture"), ("area", "east"), ("verified", "on")]
    )
    assert removal in hrefs(response) or URL + removal in hrefs(response)


def test_following_a_chip_removal_link_widens_the_results(client, directory):
    response = client.get(URL + "?service=acupuncture&area=east")
    assert names(response) == [ALPHA]

    removal = chips(response)["East"]
    assert listed(client, removal) == [ALPHA, CHARLIE]


def test_it_shows_no_chips_without_filters(client, directory):
    assert chips(client.get(URL)) == {}


def test_an_empty_result_says_which_filters_to_loosen(client, directory):
    response = client.get(URL + "?kind=massage&home_visits=on")

    assert list(response.context["page_obj"]) == []
    page = text(response)
    assert "No providers" in page
    # It names the active filters and links to the search without each of them.
    assert "Massage therapy" in page and "Home visits" in page
    links = hrefs(response)
    assert any(dict(parse_qsl(urlsplit(h).query)) == {"home_visits": "on"} for h in links)
    assert any(dict(parse_qsl(urlsplit(h).query)) == {"kind": "massage"} for h in links)


def test_a_provider_with_branches_in_both_regions_is_listed_once(client, directory):
    LocationFactory(provider=directory.alpha, area=directory.bedok)
    LocationFactory(provider=directory.alpha, area=directory.jurong)

    assert listed(client, "?area=east") == [ALPHA, BRAVO]
    assert listed(client, "?area=west") == [ALPHA, CHARLIE]


@pytest.mark.parametrize("unticked", ["0", "false", "off", "no", "", "FALSE"])
def test_a_tick_box_written_as_no_does_not_filter(client, directory, unticked):
    everyone = [ALPHA, BRAVO, CHARLIE]

    assert listed(client, f"?verified={unticked}") == everyone
    assert listed(client, f"?home_visits={unticked}&accessible={unticked}") == everyone


def test_a_new_service_is_offered_as_a_filter_at_once(client, directory):
    assert "Gua sha" not in client.get("/providers/").content.decode()
    gua_sha = ServiceFactory(name="Gua sha", slug="gua-sha")
    offering = ProviderFactory(name="Scraping Corner", services=[gua_sha])

    response = client.get("/providers/?service=gua-sha")

    assert 'value="gua-sha"' in response.content.decode()
    assert names(response) == [offering.name]


def test_a_search_leaves_the_filters_it_copied_as_they_were(directory):
    # Each search gets its own copy of every filter, and fills in its vocabulary's choices.
    search = ProviderFilter({"service": ["acupuncture"]})

    names = {provider.name for provider in search.qs}
    assert {"Alpha Acupuncture", "Charlie Physio"} <= names
    assert "Bravo Massage" not in names
    assert "choices" not in ProviderFilter.base_filters["service"].extra
    assert not hasattr(ProviderFilter.base_filters["service"], "parent")
