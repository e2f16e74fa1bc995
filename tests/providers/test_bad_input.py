"""
Whatever a visitor puts in the address, a public page answers 200 (saying what it could not
use), 400 or 404: never 500.
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ProviderFactory
from tests.pages import names, text

URL = "/providers/"
ALL = ["Alpha Acupuncture", "Bravo Massage", "Charlie Physio"]


def get(client, params):
    """GET /providers/ with a list of (name, value) pairs, which may repeat."""
    response = client.get(URL + "?" + urlencode(params))
    assert response.status_code == 200
    return response


@pytest.fixture
def many(db):
    return [ProviderFactory(name=f"Provider {n:02d}") for n in range(25)]


@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        ("abc", 1, "That page number could not be read, so this is the first page."),
        ("99999", 2, "There is no page 99999; this is the last page."),
        ("-1", 1, "Pages start at 1, so this is the first page."),
        ("0", 1, "Pages start at 1, so this is the first page."),
        ("1.5", 1, "That page number could not be read"),
        ("9" * 400, 2, "this is the last page."),
        ("", 1, "That page number could not be read"),
    ],
)
def test_a_page_number_it_cannot_use_shows_a_page_and_says_so(client, many, page, shown, notice):
    response = get(client, [("page", page)])

    assert response.context["page_obj"].number == shown
    assert notice in text(response)


def test_a_page_past_the_end_of_an_empty_result_shows_the_empty_page(client, db):
    response = get(client, [("page", "5")])

    assert response.context["page_obj"].number == 1
    assert "There is no page 5" in text(response)


def test_repeated_page_parameters_use_one_of_them(client, many):
    response = get(client, [("page", "2"), ("page", "abc"), ("page", "2")])

    assert response.context["page_obj"].number == 2


def test_repeated_single_value_parameters_do_not_fail(client, directory):
    response = get(
        client,
        [("area", "east"), ("area", "west"), ("price_max", "10"), ("price_max", "abc")],
    )

    assert "Highest price: Enter a number." in text(response)


def test_repeated_values_of_a_multi_value_filter_count_once(client, directory):
    response = get(client, [("service", "acupuncture"), ("service", "acupuncture")])

    assert sorted(names(response)) == ["Alpha Acupuncture", "Charlie Physio"]


@pytest.mark.parametrize(
    ("params", "label", "message"),
    [
        ([("price_max", "-5")], "Highest price", "greater than or equal to 0"),
        ([("price_max", "cheap")], "Highest price", "Enter a number."),
        ([("price_max", "1e400")], "Highest price", ""),
        ([("price_max", "NaN")], "Highest price", ""),
        ([("service", "no-such-service")], "Treatment offered (any of)", "no-such-service"),
        ([("condition", "no-such-condition")], "Condition treated (any of)", "not one of"),
        ([("area", "atlantis")], "Region or area", "atlantis is not one of"),
        ([("language", "klingon")], "Language", "klingon"),
        ([("kind", "witchcraft")], "Kind of care", "witchcraft"),
        ([("gender", "robot")], "Practitioner gender", "robot"),
        ([("sort", "cheapest")], "Sort by", "cheapest"),
        ([("q", "x" * 10_000)], "What", "at most 200 characters"),
        ([("service", "x" * 10_000)], "Treatment offered (any of)", "not one of"),
        ([("q", "back\x00pain")], "What", "Null characters are not allowed."),
    ],
)
def test_a_value_it_cannot_use_is_reported_and_ignored(client, directory, params, label, message):
    response = get(client, params)

    page = text(response)
    assert "We could not use:" in page
    assert f"{label}:" in page
    assert message in page
    # The parameter is ignored rather than emptying the list.
    assert sorted(names(response)) == ALL


def test_a_usable_filter_still_applies_beside_an_unusable_one(client, directory):
    response = get(client, [("service", "acupuncture"), ("area", "atlantis")])

    assert sorted(names(response)) == ["Alpha Acupuncture", "Charlie Physio"]
    assert "Region or area:" in text(response)


def test_one_unknown_value_among_known_ones_is_reported(client, directory):
    response = get(client, [("service", "acupuncture"), ("service", "nope")])

    assert "Treatment offered (any of):" in text(response)


def test_unknown_parameter_names_are_ignored(client, directory):
    response = get(client, [("utm_source", "newsletter"), ("fbclid", "abc")])

    assert sorted(names(response)) == ALL
    assert "We could not use" not in text(response)


@pytest.mark.parametrize(
    "q",
    [
        "腰痛 针灸",
        "sakit pinggang",
        "முதுகு வலி",
        "🙂💆",
        "Ünïcödé",
        "\"double\" 'single' `back`",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "'; DROP TABLE providers_provider; --",
        "%_%",
        "\\",
    ],
)
def test_odd_search_text_answers_and_matches_nothing_by_accident(client, directory, q):
    response = get(client, [("q", q)])

    assert names(response) == []
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_sql_looking_text_is_searched_for_not_run(client, directory):
    ProviderFactory(name="' OR 1=1 -- Clinic")

    response = get(client, [("q", "' OR 1=1 --")])

    assert names(response) == ["' OR 1=1 -- Clinic"]


def test_a_search_echoes_quotes_escaped(client, directory):
    body = get(client, [("q", '"><img src=x onerror=alert(1)>')]).content.decode()

    assert "<img src=x" not in body
    assert "&quot;&gt;&lt;img src=x" in body


@pytest.mark.parametrize(
    "path",
    [
        "/services/acupuncture/?page=abc",
        "/services/acupuncture/?page=-1",
        "/conditions/sciatica/?page=99999",
        "/areas/east/?page=0&page=x",
        "/areas/east/?service=nope&area=%00",
    ],
)
def test_landing_pages_answer_odd_parameters(client, directory, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/providers/%E2%9C%93/",
        "/services/" + "x" * 300 + "/",
        "/conditions/%27%20OR%201%3D1/",
        "/areas/%00/",
    ],
)
def test_odd_slugs_are_not_found(client, directory, path):
    assert client.get(path).status_code == 404


# Property: random parameters never give a 500.

KNOWN_NAMES = [
    "q",
    "kind",
    "service",
    "condition",
    "area",
    "near",
    "radius",
    "language",
    "gender",
    "home_visits",
    "accessible",
    "price_max",
    "open_now",
    "open_on",
    "open_after",
    "open_before",
    "verified",
    "sort",
    "page",
]
KNOWN_VALUES = [
    "acupuncture",
    "east",
    "tampines",
    "sciatica",
    "english",
    "female",
    "massage",
    "on",
    "true",
    "name",
    "distance",
    "1.35,103.8",
    "520123",
]
# Any character a URL can carry: everything but lone surrogates.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
NAMES = st.one_of(st.sampled_from(KNOWN_NAMES), TEXT)
VALUES = st.one_of(
    st.sampled_from(KNOWN_VALUES),
    TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.just("x" * 10_000),
)
PARAMS = st.lists(st.tuples(NAMES, VALUES), max_size=8)
PATHS = st.sampled_from(
    ["/providers/", "/services/acupuncture/", "/conditions/sciatica/", "/areas/east/", "/"]
)
FAST = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(path=PATHS, params=PARAMS)
def test_random_parameters_never_give_a_server_error(client, directory, path, params):
    response = client.get(path + "?" + urlencode(params))

    assert response.status_code < 500
