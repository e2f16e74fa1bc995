"""When I can go: open_on (weekdays), open_after and open_before, past midnight included."""

import pytest

from tests.factories import LocationFactory, ProviderFactory
from tests.pages import names, text

pytestmark = pytest.mark.django_db

MON, TUE, SAT, SUN = 0, 1, 5, 6


@pytest.fixture
def week():
    def provider(name, hours):
        made = ProviderFactory(name=name)
        LocationFactory(provider=made, hours=hours)
        return made

    provider("Office Hours", [(day, "09:00", "18:00") for day in range(5)])
    provider("Late Weekdays", [(day, "12:00", "21:00") for day in range(5)])
    provider("Saturday Morning", [(SAT, "08:00", "12:00")])
    provider("Sunday Night Owl", [(SUN, "22:00", "02:00")])  # into Monday
    provider("All Day Tuesday", [(TUE, "00:00", "00:00")])
    provider("Closed", [])


def listed(client, *params):
    response = client.get("/providers/", list(params))
    assert response.status_code == 200
    return sorted(names(response))


@pytest.mark.parametrize(
    "params, expected",
    [
        ([("open_on", "saturday")], ["Saturday Morning"]),
        (
            [("open_on", "saturday"), ("open_on", "sunday")],
            ["Saturday Morning", "Sunday Night Owl"],
        ),
        # Sunday 22:00–02:00 is open early on Monday too.
        (
            [("open_on", "monday"), ("open_before", "08:00")],
            ["Sunday Night Owl"],
        ),
        ([("open_after", "20:00")], ["All Day Tuesday", "Late Weekdays", "Sunday Night Owl"]),
        ([("open_on", "monday"), ("open_after", "18:00")], ["Late Weekdays"]),
        (
            [("open_on", "monday"), ("open_after", "01:00")],
            ["Late Weekdays", "Office Hours", "Sunday Night Owl"],
        ),
        ([("open_on", "tuesday"), ("open_after", "23:00")], ["All Day Tuesday"]),
        ([("open_on", "saturday"), ("open_before", "08:30")], ["Saturday Morning"]),
        ([("open_on", "saturday"), ("open_after", "12:00")], []),
        (
            [("open_on", "wednesday"), ("open_after", "10:00"), ("open_before", "11:00")],
            ["Late Weekdays", "Office Hours"][1:],
        ),
        ([("open_on", "sunday"), ("open_before", "22:00")], []),
        ([("open_on", "sunday"), ("open_after", "23:00")], ["Sunday Night Owl"]),
    ],
)
def test_open_when_i_can_go(client, week, params, expected):
    assert listed(client, *params) == expected


@pytest.mark.parametrize(
    "params, message",
    [
        ([("open_on", "caturday")], "Select a valid choice"),
        ([("open_after", "25:00")], "Enter a valid time"),
        ([("open_after", "6pm")], "Enter a valid time"),
        ([("open_before", "noon")], "Enter a valid time"),
        ([("open_after", "18:00"), ("open_before", "09:00")], "must be earlier than"),
        ([("open_before", "00:00")], "Nothing is open before 00:00"),
    ],
)
def test_a_bad_day_or_time_is_explained_and_ignored(client, week, params, message):
    response = client.get("/providers/", params)

    assert response.status_code == 200
    page = text(response)
    assert "We could not use" in page
    assert message in page
    # Nothing else was asked, so every provider is listed.
    assert len(response.context["page_obj"]) == 6


def test_time_filters_show_as_chips(client, week):
    response = client.get("/providers/", {"open_on": "saturday", "open_after": "07:30"})

    page = text(response)
    assert "Open on Saturday" in page
    assert "Open after 07:30" in page
