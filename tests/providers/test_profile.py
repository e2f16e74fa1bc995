"""A provider's profile, /providers/<slug>/."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.test.utils import override_script_prefix, override_settings
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from providers.models import CredentialKind, Gender, Photo, ProviderKind
from tests.factories import (
    ConditionFactory,
    CredentialFactory,
    LanguageFactory,
    LocationFactory,
    PhotoFactory,
    PractitionerFactory,
    ProviderFactory,
    ProviderServiceFactory,
    ServiceFactory,
    UserFactory,
)
from tests.pages import hrefs, text

pytestmark = pytest.mark.django_db

WEEKDAYS = [(day, "09:00", "21:00") for day in range(5)]


@pytest.fixture
def provider(places):
    tampines, bedok = places.tampines, places.bedok
    provider = ProviderFactory(
        name="Kembangan Spine Physio",
        slug="kembangan-spine-physio",
        kind=ProviderKind.PHYSIOTHERAPY,
        description="We help people with long-standing low back pain move again.",
        website="https://spine.example.org",
        phone="+65 6111 2222",
        home_visits=True,
        wheelchair_accessible=True,
        accessibility_notes="Lift from the car park.",
        conditions=[
            ConditionFactory(name="Sciatica", slug="sciatica"),
            ConditionFactory(name="Spinal stenosis", slug="spinal-stenosis"),
        ],
        languages=[LanguageFactory(name="Malay", slug="malay", code="ms")],
    )
    ProviderServiceFactory(
        provider=provider,
        service=ServiceFactory(name="Physical therapy", slug="physical-therapy"),
        price=Decimal("95.00"),
        duration_minutes=45,
    )
    ProviderServiceFactory(
        provider=provider,
        service=ServiceFactory(name="Dry needling", slug="dry-needling"),
        price=Decimal("120.50"),
        duration_minutes=30,
    )
    LocationFactory(
        provider=provider,
        name="Tampines branch",
        address="1 Tampines Central #03-04",
        postal_code="529538",
        area=tampines,
        phone="+65 6789 0123",
        hours=[*WEEKDAYS, (5, "22:00", "02:00")],
    )
    LocationFactory(
        provider=provider,
        name="Bedok branch",
        address="311 New Upper Changi Road #02-11",
        postal_code="467360",
        area=bedok,
        phone="+65 6345 6789",
        hours=[(0, "09:00", "12:00"), (0, "14:00", "18:00")],
    )
    mandarin = LanguageFactory(name="Mandarin", slug="mandarin", code="zh")
    aisha = PractitionerFactory(
        provider=provider,
        name="Aisha Rahman",
        gender=Gender.FEMALE,
        years_of_practice=11,
        training="BSc Physiotherapy, Singapore Institute of Technology, 2013.",
        approach="Ask how progress will be measured from one session to the next.",
        languages=[mandarin],
    )
    CredentialFactory(
        provider=provider,
        practitioner=aisha,
        kind=CredentialKind.REGISTRATION,
        issuing_body="Allied Health Professions Council",
        number="PT-12345",
        is_verified=True,
        verified_by=UserFactory(),
        verified_at=timezone.now(),
    )
    CredentialFactory(
        provider=provider,
        kind=CredentialKind.MEMBERSHIP,
        issuing_body="Physiotherapy Association",
        number="PA-777",
        is_verified=False,
    )
    CredentialFactory(
        provider=provider,
        kind=CredentialKind.LICENCE,
        issuing_body="Old Licensing Board",
        number="",
        valid_until=datetime.date(2020, 1, 31),
        is_verified=True,
    )
    return provider


def test_it_shows_name_kind_and_description(client, provider):
    page = text(client.get("/providers/kembangan-spine-physio/"))

    assert "Kembangan Spine Physio" in page
    assert "Physiotherapy" in page
    assert "We help people with long-standing low back pain move again." in page


def test_it_shows_services_with_price_and_duration(client, provider):
    page = text(client.get("/providers/kembangan-spine-physio/"))

    assert "Physical therapy SGD 95 45 min" in page
    assert "Dry needling SGD 120.50 30 min" in page


def test_it_says_price_on_request_without_a_price(client, provider):
    ProviderServiceFactory(provider=provider, service=ServiceFactory(name="Assessment"), price=None)

    assert "Assessment Price on request" in text(client.get("/providers/kembangan-spine-physio/"))


def test_it_links_conditions_treated_to_their_pages(client, provider):
    response = client.get("/providers/kembangan-spine-physio/")

    assert "Sciatica" in text(response)
    assert "Spinal stenosis" in text(response)
    assert "/conditions/sciatica/" in hrefs(response)
    assert "/conditions/spinal-stenosis/" in hrefs(response)


def test_it_shows_every_branch_with_its_address(client, provider):
    page = text(client.get("/providers/kembangan-spine-physio/"))

    assert "Tampines branch" in page
    assert "1 Tampines Central #03-04, 529538" in page
    assert "Bedok branch" in page
    assert "311 New Upper Changi Road #02-11, 467360" in page


def test_it_links_each_branch_phone_with_tel(client, provider):
    links = hrefs(client.get("/providers/kembangan-spine-physio/"))

    assert "tel:+6567890123" in links
    assert "tel:+6563456789" in links
    assert "tel:+6561112222" in links


def test_it_shows_a_week_of_hours_per_branch(client, provider):
    page = text(client.get("/providers/kembangan-spine-physio/"))

    assert "Opening hours, Tampines branch" in page
    assert "Friday 09:00–21:00" in page
    assert "Saturday 22:00–02:00 (next day)" in page
    assert "Sunday Closed" in page
    # Two intervals on one day, in order.
    assert "Monday 09:00–12:00 14:00–18:00" in page


def test_it_highlights_today_in_the_hours(client, provider):
    body = client.get("/providers/kembangan-spine-physio/").content.decode()
    today = timezone.localdate().strftime("%A")

    # One highlighted row per branch, and it is today's.
    assert body.count('class="is-today"') == 2
    assert f'{today} <span class="today-tag">(today)</span>' in body
    for other in {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}:
        if other != today:
            assert f'{other} <span class="today-tag">' not in body


def test_it_shows_practitioners_with_what_to_ask(client, provider):
    page = text(client.get("/providers/kembangan-spine-physio/"))

    assert "Aisha Rahman" in page
    assert "Female" in page
    assert "11 years" in page
    assert "Mandarin" in page
    assert "BSc Physiotherapy, Singapore Institute of Technology, 2013." in page
    assert "Ask how progress will be measured from one session to the next." in page


def test_it_shows_credentials_with_issuer_and_verified_status(client, provider):
    page = text(client.get("/providers/kembangan-spine-physio/"))

    assert "Allied Health Professions Council (Aisha Rahman) Number: PT-12345" in page
    assert "PT-12345 Valid until" in page
    assert (
        "Verified with Allied Health Professions Council by a moderator on "
        + timezone.localdate().strftime("%-d %b %Y")
    ) in page
    assert "Physiotherapy Association Number: PA-777" in page
    assert "PA-777 Valid until" in page
    assert "Awaiting verification" in page


def test_an_expired_credential_says_expired_even_if_once_verified(client, provider):
    page = text(client.get("/providers/kembangan-spine-physio/"))

    assert "Old Licensing Board Valid until 31 Jan 2020 Expired" in page


def test_it_shows_website_accessibility_and_home_visits(client, provider):
    response = client.get("/providers/kembangan-spine-physio/")
    page = text(response)

    assert "https://spine.example.org" in hrefs(response)
    assert "Home visits Yes" in page
    assert "Wheelchair accessible Yes Lift from the car park." in page


def test_it_shows_breadcrumbs_back_to_the_directory(client, provider):
    body = client.get("/providers/kembangan-spine-physio/").content.decode()
    crumbs = body[body.index('aria-label="Breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]

    assert 'href="/"' in crumbs
    assert 'href="/providers/"' in crumbs
    assert 'href="/providers/?kind=physiotherapy"' in crumbs
    assert '<span aria-current="page">Kembangan Spine Physio</span>' in crumbs


def test_it_has_a_canonical_url(client, provider):
    body = client.get("/providers/kembangan-spine-physio/?utm_source=x").content.decode()

    assert (
        '<link rel="canonical" href="http://testserver/providers/kembangan-spine-physio/">' in body
    )


def test_an_unpublished_profile_is_not_found(client, provider):
    provider.is_published = False
    provider.save()

    response = client.get("/providers/kembangan-spine-physio/")

    assert response.status_code == 404
    assert "Kembangan Spine Physio" not in text(response)


def test_an_unknown_slug_is_not_found(client, provider):
    response = client.get("/providers/no-such-clinic/")

    assert response.status_code == 404
    assert "We could not find that page" in text(response)


def test_a_profile_without_branches_or_services_still_renders(client):
    ProviderFactory(name="Mobile Massage", slug="mobile-massage")

    response = client.get("/providers/mobile-massage/")

    assert response.status_code == 200
    assert "No services listed yet" in text(response)
    assert "No branch address listed" in text(response)
    assert "Hours not listed" in text(response)


def test_a_profile_address_is_its_url_pattern_under_the_site_s_prefix():
    provider = ProviderFactory(slug="bedok-physio-2")

    assert provider.get_absolute_url() == "/providers/bedok-physio-2/"
    with override_script_prefix("/care/"):
        assert provider.get_absolute_url() == "/care/providers/bedok-physio-2/"
        assert provider.get_absolute_url() == reverse("providers:detail", args=[provider.slug])


def first_screen(response):
    """The profile's header: what a phone shows before the patient scrolls."""
    body = response.content.decode()
    start = body.index('class="profile__header"')
    return body[start : body.index("</header>", start)]


def test_the_first_screen_has_the_ways_to_reach_the_clinic_and_its_key_facts(client, provider):
    response = client.get("/providers/kembangan-spine-physio/")
    header = first_screen(response)

    assert 'href="tel:+6561112222">Call +65 6111 2222</a>' in header
    assert ">Directions<" in header
    assert 'href="https://spine.example.org" rel="noopener nofollow">Website' in header
    assert "Kembangan Spine Physio Physiotherapy Verified Open now · closes 21:00" in text(header)
    facts = text(header[header.index('class="key-facts"') :])
    assert "Where Bedok, East and 1 more branch" in facts
    assert "Prices from SGD 95 a session" in facts
    assert "Languages Malay" in facts
    assert "Home visits Yes" in facts
    assert "Wheelchair accessible Yes Lift from the car park." in facts


def gallery(response):
    """The strip of photos under the first screen."""
    body = response.content.decode()
    start = body.index('<section class="gallery"')
    return body[start : body.index("</section>", start)]


def test_photos_come_near_the_top_as_a_strip_of_thumbnails_each_linking_to_its_picture(
    client, provider
):
    photos = [
        PhotoFactory(provider=provider, alt_text="The treatment room with a padded table"),
        PhotoFactory(provider=provider, alt_text="The reception and the waiting chairs"),
        PhotoFactory(provider=provider, alt_text="The exercise corner with wall bars"),
    ]

    response = client.get("/providers/kembangan-spine-physio/")
    body = response.content.decode()
    strip = gallery(response)

    assert body.index('class="gallery"') < body.index('id="services-heading"')
    assert body.index("Home visits") < body.index('class="gallery"')
    # A list a screen reader announces by its name, and the name is the section's heading.
    assert (
        '<h2 id="photos-heading" class="visually-hidden">Photos of Kembangan Spine Physio</h2>'
        in strip
    )
    assert '<ul class="gallery__strip" aria-labelledby="photos-heading">' in strip
    links = re.findall(r'<a href="([^"]+)"><img ([^>]+)>', strip)
    assert [href for href, _ in links] == [photo.image.url for photo in photos]
    for (_, img), photo in zip(links, photos, strict=True):
        assert f'src="{photo.thumbnail.url}"' in img
        assert f'alt="{photo.alt_text}"' in img
        assert 'width="240" height="160"' in img
    # The first picture is in the first screen's reach; the others load as they scroll in.
    assert "loading=" not in links[0][1]
    assert all('loading="lazy"' in img for _, img in links[1:])


def test_a_photo_still_being_prepared_is_not_shown(client, provider):
    PhotoFactory(provider=provider, alt_text="Shown")
    waiting = PhotoFactory(provider=provider, alt_text="Waiting")
    Photo.objects.filter(pk=waiting.pk).update(thumbnail="")

    strip = gallery(client.get("/providers/kembangan-spine-physio/"))

    assert 'alt="Shown"' in strip
    assert "Waiting" not in strip


def test_a_profile_without_photos_has_no_gallery(client, provider):
    body = client.get("/providers/kembangan-spine-physio/").content.decode()

    assert "gallery" not in body
    assert "photos-heading" not in body


@pytest.fixture
def make_run_urls():
    """The site's URLs as `make run` loads them, with DEBUG on (urls.py adds MEDIA_URL then)."""
    from backpain_site import urls

    with override_settings(DEBUG=True):
        importlib.reload(urls)
        clear_url_caches()
        yield
    importlib.reload(urls)
    clear_url_caches()


def test_photos_are_served_under_make_run(client, make_run_urls):
    photo = PhotoFactory()

    picture = client.get(photo.image.url)
    thumbnail = client.get(photo.thumbnail.url)

    assert picture.status_code == 200
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/png"
    with photo.thumbnail.open("rb") as stored:
        assert b"".join(thumbnail.streaming_content) == stored.read()


def test_with_debug_off_django_leaves_photos_to_the_web_server(client):
    photo = PhotoFactory()

    assert photo.image.url.startswith("/media/")
    assert client.get(photo.image.url).status_code == 404
