"""
`manage.py seed_demo` makes a demo a newcomer can try from every side: an account for each role
(in development only), drawn photos on a share of the listings, and the starter articles with
drawn hero pictures.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles.models import Article
from clinics.models import ClaimRequest, ClaimStatus, Membership, MembershipRole
from demo import accounts
from enquiries.models import Enquiry, EnquiryStatus, ProfileViews
from providers.models import Photo

pytestmark = pytest.mark.django_db


def seed_demo():
    out = io.StringIO()
    call_command("seed_demo", providers=12, photos=2, stdout=out)
    return out.getvalue()


@pytest.fixture
def development(settings):
    settings.DEBUG = True


def logged_in(client, username):
    """Logged in from the login page, with the demo password."""
    response = client.post(reverse("login"), {"username": username, "password": accounts.PASSWORD})
    assert response.status_code == 302, f"{username} could not log in"
    return client


def clinic_of(username):
    return Membership.objects.get(user__username=username).provider


def test_in_development_there_is_an_account_for_each_role(development):
    out = seed_demo()

    users = get_user_model().objects.filter(username__startswith="demo-")
    assert sorted(users.values_list("username", flat=True)) == [
        "demo-editor",
        "demo-member",
        "demo-moderator",
        "demo-owner",
    ]
    assert f"password for each: {accounts.PASSWORD}" in out
    for account in accounts.ACCOUNTS:
        assert account.username in out


def test_the_owner_and_the_member_look_after_two_different_clinics(development):
    seed_demo()

    owner = Membership.objects.get(user__username="demo-owner")
    member = Membership.objects.get(user__username="demo-member")
    assert owner.role == MembershipRole.OWNER
    assert member.role == MembershipRole.MEMBER
    assert owner.provider != member.provider
    assert Membership.objects.filter(user__username__startswith="demo-").count() == 2


def test_the_owner_reaches_its_clinic_and_its_team(client, development):
    seed_demo()
    slug = clinic_of("demo-owner").slug
    logged_in(client, "demo-owner")

    assert client.get(reverse("manage:dashboard")).status_code == 200
    assert client.get(reverse("manage:provider", args=[slug])).status_code == 200
    assert client.get(reverse("manage:team", args=[slug])).status_code == 200
    assert client.get(reverse("inbox:list", args=[slug])).status_code == 200
    # Another clinic's pages are not there for it.
    other = clinic_of("demo-member").slug
    assert client.get(reverse("manage:provider", args=[other])).status_code == 404


def test_the_member_reaches_its_clinic_but_cannot_invite_to_the_team(client, development):
    seed_demo()
    slug = clinic_of("demo-member").slug
    logged_in(client, "demo-member")

    assert client.get(reverse("manage:provider", args=[slug])).status_code == 200
    assert client.get(reverse("inbox:list", args=[slug])).status_code == 200
    team = client.get(reverse("manage:team", args=[slug]))
    assert 'name="email"' not in team.content.decode()
    invite = {"email": "colleague@example.org", "role": MembershipRole.MEMBER}
    assert client.post(reverse("manage:team", args=[slug]), invite).status_code == 403


def test_the_editor_reaches_the_articles_admin_only(client, development):
    seed_demo()
    logged_in(client, "demo-editor")

    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert client.get(reverse("admin:providers_provider_changelist")).status_code == 403
    owners_clinic = clinic_of("demo-owner").slug
    assert client.get(reverse("manage:provider", args=[owners_clinic])).status_code == 404


def test_the_moderator_reaches_the_directory_admin(client, development):
    seed_demo()
    logged_in(client, "demo-moderator")

    assert client.get(reverse("admin:providers_provider_changelist")).status_code == 200
    assert client.get(reverse("admin:providers_credential_changelist")).status_code == 200


def test_seeding_again_changes_no_account_and_no_membership(development):
    seed_demo()
    before = list(
        Membership.objects.order_by("pk").values_list("user__username", "provider", "role")
    )

    seed_demo()

    assert get_user_model().objects.filter(username__startswith="demo-").count() == 4
    after = list(
        Membership.objects.order_by("pk").values_list("user__username", "provider", "role")
    )
    assert after == before


def test_with_debug_off_no_account_is_made_and_the_command_says_why(settings):
    settings.DEBUG = False

    out = seed_demo()

    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    assert "No demo accounts made: DEBUG is off" in out


def test_the_login_page_lists_the_accounts_only_while_debug_is_on(client, settings):
    settings.DEBUG = True
    seed_demo()
    shown = client.get(reverse("login")).content.decode()
    assert "demo-moderator" in shown and accounts.PASSWORD in shown

    settings.DEBUG = False
    hidden = client.get(reverse("login")).content.decode()
    assert "demo-moderator" not in hidden and accounts.PASSWORD not in hidden


def test_demo_photos_are_prepared_pictures_with_alt_text():
    seed_demo()

    photos = Photo.objects.all()
    photographed = set(photos.values_list("provider", flat=True))
    # The two demo clinics, and every third listing up to --photos; three photos each.
    assert {clinic.pk for clinic in accounts.clinics()[:2]} <= photographed
    assert 3 <= len(photographed) <= 4
    assert photos.count() == 3 * len(photographed)
    for photo in photos:
        assert photo.is_prepared
        assert photo.alt_text.startswith("Drawing of ")
        for file in (photo.image, photo.thumbnail, photo.thumbnail_large):
            with file.open("rb"), Image.open(file) as picture:
                picture.verify()
                assert picture.format == "JPEG"


def test_starter_articles_get_hero_pictures_wide_enough_with_alt_text():
    seed_demo()

    articles = Article.objects.exclude(starter_hash="").select_related("hero_image")
    assert articles.exists()
    for article in articles:
        hero = article.hero_image
        assert hero.alt_text.startswith("Drawing of a spine")
        with hero.image.open("rb"), Image.open(hero.image) as picture:
            assert picture.width >= 1200


def test_seeding_again_draws_nothing_more():
    seed_demo()
    photos, pictures = (
        Photo.objects.count(),
        Article.objects.filter(hero_image__isnull=False).count(),
    )

    out = seed_demo()

    assert "Photos: 0 drawn." in out and "Article pictures: 0 drawn." in out
    assert Photo.objects.count() == photos
    assert Article.objects.filter(hero_image__isnull=False).count() == pictures


def test_each_role_finds_something_to_do(client, development):
    seed_demo()

    inbox = Enquiry.objects.filter(provider=clinic_of("demo-owner"))
    assert inbox.filter(status=EnquiryStatus.NEW).count() == 2
    assert inbox.filter(status=EnquiryStatus.CONTACTED, replies__isnull=False).count() == 1
    assert ProfileViews.objects.filter(provider=clinic_of("demo-owner")).count() == 14
    waiting = ClaimRequest.objects.get(status=ClaimStatus.PENDING)
    assert not waiting.provider.memberships.exists()

    logged_in(client, "demo-owner")
    page = client.get(reverse("inbox:list", args=[clinic_of("demo-owner").slug]))
    assert "Tan Mei Ling" in page.content.decode()


def test_seeding_again_adds_no_enquiry_and_no_claim(development):
    seed_demo()
    enquiries, claims = Enquiry.objects.count(), ClaimRequest.objects.count()

    seed_demo()

    assert (Enquiry.objects.count(), ClaimRequest.objects.count()) == (enquiries, claims)
