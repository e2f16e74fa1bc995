"""Error pages are styled and say nothing about what went wrong."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from backpain_site import urls as site_urls


def fails_with(exception):
    def view(request):
        raise exception

    return view


urlpatterns = site_urls.urlpatterns + [
    path("bad", fails_with(SuspiciousOperation("secret detail 1"))),
    path("denied", fails_with(PermissionDenied("secret detail 2"))),
    path("broken", fails_with(RuntimeError("secret detail 3"))),
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.fixture
def site(settings, db):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/bad", 400, "We could not understand that request"),
        ("/denied", 403, "You may not see this page"),
        ("/no-such-page", 404, "We could not find that page"),
        ("/broken", 500, "Something went wrong on our side"),
    ],
)
def test_it_shows_a_styled_page_that_leaks_nothing(site, url, status, heading):
    response = site.get(url)

    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    assert "/static/css/site.css" in body
    assert "secret detail" not in body
    assert "Traceback" not in body


def test_the_500_page_does_not_touch_the_database(site, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = site.get("/broken")

    assert response.status_code == 500
