"""Fixtures shared by every app's tests."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.core.cache import cache


def pytest_configure(config):
    # Hashing passwords properly is slow on purpose; tests need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are rendered afresh, so that query counts and content are what the code does;
    # tests/site/test_page_cache.py turns the page cache on where it is the subject.
    settings.PAGE_CACHE_SECONDS = 0
    # WhiteNoise warns when collectstatic has not run; tests never serve static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: nothing memoized by another test's data."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@pytest.fixture
def at(site_tz):
    """An aware datetime in the site's time zone: at(2025, 6, 2, 9, 0)."""

    def make(*parts):
        return datetime.datetime(*parts, tzinfo=site_tz)

    return make
