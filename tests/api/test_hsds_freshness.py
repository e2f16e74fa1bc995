"""
A listing's last change covers its branches, offers, opening hours and closures, not only its
own row: the services' last_modified, modified_after, ETag and Last-Modified move together.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import parse_http_date

from providers.models import OpeningException
from tests.conftest import committed
from tests.factories import OpeningHoursFactory

pytestmark = pytest.mark.django_db

API = "/api/hsds"


def change_the_price(alpha):
    offer = alpha.offers.get()
    offer.price = 75
    offer.save()


def change_the_hours(alpha):
    hours = alpha.locations.get(name="Bedok branch").hours.get()
    hours.closes = datetime.time(23, 30)
    hours.save()


def add_opening_hours(alpha):
    OpeningHoursFactory(location=alpha.locations.get(name="Bedok branch"), weekday=5)


def add_a_closure(alpha):
    branch = alpha.locations.get(name="Bedok branch")
    OpeningException.objects.create(location=branch, date=datetime.date(2027, 1, 1))


def move_a_branch(alpha):
    branch = alpha.locations.get(name="Bedok branch")
    branch.address = "2 New Street #02-02"
    branch.save()


def last_modified(client, offer):
    record = client.get(f"{API}/services/{offer.uuid}").json()
    return datetime.datetime.fromisoformat(record["last_modified"])


@pytest.mark.parametrize(
    "change",
    [change_the_price, change_the_hours, add_opening_hours, add_a_closure, move_a_branch],
)
def test_a_change_to_a_part_of_the_listing_moves_its_last_modified(
    client, listings, frozen_clock, change
):
    alpha, bravo = listings.alpha, listings.bravo
    offer, other = alpha.offers.get(), bravo.offers.first()
    before = client.get(f"{API}/services")
    etag, modified = before["ETag"], before["Last-Modified"]
    untouched = last_modified(client, other)

    frozen_clock.shift(datetime.timedelta(hours=1))
    since = timezone.now()
    with committed():
        change(alpha)

    stamped = last_modified(client, offer)
    assert stamped >= since
    assert last_modified(client, other) == untouched
    after = client.get(f"{API}/services")
    header = parse_http_date(after["Last-Modified"])
    # The list's Last-Modified is no earlier than any record in it, and has moved.
    assert header >= int(stamped.timestamp()) > parse_http_date(modified)
    assert after["ETag"] != etag
    assert client.get(f"{API}/services", headers={"if-none-match": etag}).status_code == 200
    assert client.get(f"{API}/services", headers={"if-modified-since": modified}).status_code == 200
    after = {"modified_after": since.isoformat()}
    found = client.get(f"{API}/services", after).json()
    assert [service["id"] for service in found["contents"]] == [str(offer.uuid)]
    minimal = client.get(f"{API}/services", {"minimal": "true", **after})
    assert minimal.json()["contents"] == [
        {"id": str(offer.uuid), "last_modified": stamped.isoformat()}
    ]


def test_an_unchanged_listing_is_left_out_by_modified_after(client, listings, frozen_clock):
    frozen_clock.shift(datetime.timedelta(hours=1))
    since = timezone.now()
    found = client.get(f"{API}/organizations", {"modified_after": since.isoformat()}).json()
    assert found["contents"] == []
    with committed():
        add_a_closure(listings.alpha)
    found = client.get(f"{API}/organizations", {"modified_after": since.isoformat()}).json()
    assert [organization["name"] for organization in found["contents"]] == ["Alpha Acupuncture"]
