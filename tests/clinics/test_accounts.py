"""
Staff accounts' plumbing: where email goes (EMAIL_URL), and Django's password views, styled
like the site, sending their link through the email backend.
"""

import re

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from backpain_site.settings import email_settings
from tests.factories import UserFactory

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_an_smtp_url_gives_starttls_on_587_with_decoded_credentials():
    found = email_settings("smtp://mailer%40clinic.example:p%3Ass@smtp.example.org")
    assert found == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer@clinic.example",
        "EMAIL_HOST_PASSWORD": "p:ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_an_smtps_url_gives_tls_from_the_start_on_465():
    found = email_settings("smtps://u:p@smtp.example.org")
    assert (found["EMAIL_PORT"], found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_starttls_can_be_turned_off_and_the_port_given():
    found = email_settings("smtp://relay.internal:25?tls=0")
    assert (found["EMAIL_PORT"], found["EMAIL_USE_TLS"]) == (25, False)


def test_console_and_locmem_urls_choose_those_backends():
    assert email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert email_settings("locmem://")["EMAIL_BACKEND"].endswith("locmem.EmailBackend")


def test_an_unknown_scheme_stops_the_site_naming_it():
    with pytest.raises(ImproperlyConfigured, match="'sendgrid'"):
        email_settings("sendgrid://key@api")


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_through_the_emailed_link(client):
    user = UserFactory(username="carol", email="carol@clinic.example")
    page = client.get(reverse("login"))
    assert reverse("password_reset") in page.content.decode()

    response = client.post(reverse("password_reset"), {"email": "carol@clinic.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["carol@clinic.example"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "a brand new long passphrase 7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_logging_out_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory(username="dave"))
    assert client.post(reverse("logout")).status_code == 200
    response = client.get(reverse("manage:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_signed_in_visitor_finds_their_listings_and_log_out_in_the_header(client):
    client.force_login(UserFactory(username="dave"))

    page = client.get("/providers/").content.decode()

    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    assert 'aria-label="Your account"' in header
    assert f'href="{reverse("manage:dashboard")}"' in header
    assert f'action="{reverse("logout")}"' in header
    assert ">Log out</button>" in header


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_no_account_menu_and_the_staff_login_in_the_footer(client):
    page = client.get("/providers/").content.decode()

    assert 'aria-label="Your account"' not in page
    footer = page[page.index('<footer class="site-footer">') :]
    assert f'href="{reverse("login")}"' in footer
