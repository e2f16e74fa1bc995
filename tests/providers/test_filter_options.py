"""
The directory's filters on a phone first: folded into a drawer above the results that says how
many are on ("Filters · 2 active") and ends with "Show 3 results"; each tick box says how many
of the results it would find; a long list shows its most used options and the rest behind
"Show all".
"""

import re

import pytest

from providers.directory import NAME, DirectorySearch
from tests.factories import ProviderFactory, ServiceFactory
from tests.pages import text

pytestmark = pytest.mark.django_db

URL = "/providers/"


def option(response, name, value):
    """The text of one tick box's label: "Acupuncture (2)"."""
    found = re.search(
        rf'<label for="[^"]*"><input type="checkbox" name="{name}" value="{value}"[^>]*>'
        r"(.*?)</label>",
        response.content.decode(),
        re.S,
    )
    assert found, f"no tick box {name}={value}"
    return text(found.group(1))


def test_the_filters_are_a_drawer_above_the_results(client, directory):
    page = client.get(URL).content.decode()

    drawer = page.index('<details class="filters"')
    assert drawer < page.index('id="results"')
    assert re.search(r'<summary class="filters__summary">\s*Filters\s*</summary>', page)
    assert "Show 3 results</button>" in page


def test_the_drawer_says_how_many_filters_are_on(client, directory):
    response = client.get(URL, {"service": "acupuncture", "language": "mandarin"})

    assert re.search(
        r'<summary class="filters__summary">Filters · 2 active</summary>', response.content.decode()
    )
    assert "Show 1 result</button>" in response.content.decode()


def test_each_option_says_how_many_of_the_results_it_would_find(client, directory):
    everything = client.get(URL)
    in_the_east = client.get(URL, {"area": "east"})

    assert option(everything, "service", "acupuncture") == "Acupuncture (2)"
    assert option(everything, "language", "english") == "English (2)"
    assert option(everything, "kind", "massage") == "Massage therapy (1)"
    assert option(everything, "gender", "female") == "Female (2)"
    # Among Alpha and Bravo only.
    assert option(in_the_east, "service", "acupuncture") == "Acupuncture (1)"
    assert option(in_the_east, "service", "cupping") == "Cupping (0)"
    assert option(in_the_east, "condition", "scoliosis") == "Scoliosis (1)"


def test_a_filter_with_a_box_ticked_is_not_counted(client, directory):
    # Ticking another kind would widen the search ("any of"): "(0)" would mislead.
    response = client.get(URL, {"kind": "massage"})

    assert option(response, "kind", "massage") == "Massage therapy"
    assert option(response, "kind", "physiotherapy") == "Physiotherapy"
    assert option(response, "service", "swedish-massage") == "Swedish massage (1)"


def test_options_are_not_counted_when_the_search_finds_more_than_the_cap(
    client, directory, monkeypatch
):
    monkeypatch.setattr("providers.directory.RESULT_CAP", 1)

    response = client.get(URL, {"area": "east"})

    assert option(response, "service", "acupuncture") == "Acupuncture"


def test_a_long_list_shows_the_most_used_and_the_rest_behind_show_all(client, db):
    services = [ServiceFactory(name=f"Service {n:02d}", slug=f"service-{n:02d}") for n in range(14)]
    # Service 13 is the most offered (by 7), then 12 (by 6), … 7 (by 1); the rest by none.
    for n, service in enumerate(services):
        for _ in range(max(0, n - 6)):
            ProviderFactory(services=[service])

    page = client.get(URL, {"service": "service-00"}).content.decode()

    fieldset = re.search(r"<legend>Treatment offered.*?</fieldset>", page, re.S).group(0)
    shown, more = fieldset.split('<details class="more-options">')
    shown_values = re.findall(r'value="(service-\d\d)"', shown)
    # The six most offered, most first, and the one ticked (which no result lacks).
    assert shown_values[:6] == [f"service-{n:02d}" for n in (13, 12, 11, 10, 9, 8)]
    assert set(shown_values) == {f"service-{n:02d}" for n in (13, 12, 11, 10, 9, 8, 0)}
    assert "<summary>Show all 14 treatments</summary>" in more
    assert len(re.findall(r'value="service-\d\d"', more)) == 7


def test_the_result_count_for_show_results(client, directory):
    response = client.get("/providers/count.json", {"service": "acupuncture"})

    assert response.status_code == 200
    assert response.json() == {"count": 2, "label": "2"}


def test_the_result_count_reads_bad_input_as_the_page_does(client, directory):
    response = client.get("/providers/count.json", {"service": "no-such", "price_max": "x"})

    assert response.status_code == 200
    assert response.json() == {"count": 3, "label": "3"}


def test_is_everything_is_only_the_unfiltered_directory():
    assert DirectorySearch(order=NAME).is_everything
    assert not DirectorySearch(verified=True).is_everything


def test_the_result_count_reads_the_count_only(client, directory, django_assert_num_queries):
    client.get(URL)  # the vocabulary, as any earlier visitor leaves it in the cache

    with django_assert_num_queries(1):  # the ids found: no page of results, no cards
        response = client.get("/providers/count.json", {"kind": "massage"})

    assert response.json() == {"count": 1, "label": "1"}
