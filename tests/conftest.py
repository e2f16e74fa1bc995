"""Fixtures shared by every app's tests."""

import datetime
import tempfile
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client, TestCase, override_settings
from django.utils import translation
from huey.contrib.djhuey import HUEY

# The shared test world (places, a small directory) and the clinics with staff.
pytest_plugins = ["tests.world", "tests.clinics.fixtures"]

# The moment every test runs at, in the site's time zone: a Wednesday morning, when the
# clinics of the test data are open. Tests that need another moment move the clock
# (time_machine.move_to, or the `at` fixture's datetimes passed to the code under test), so
# that the suite passes whatever the day and hour it runs.
CURRENT_TIME = datetime.datetime(2026, 11, 25, 10, 30, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def pytest_configure(config):
    # Hashing passwords properly is slow on purpose; tests need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are rendered afresh, so that query counts and content are what the code does;
    # tests/site/test_page_cache.py turns the page cache on where it is the subject.
    settings.PAGE_CACHE_SECONDS = 0
    # Uploads (photos, article pictures, the demo's drawings) go to a folder of the suite's own.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="backpain-test-media-")
    # WhiteNoise warns when collectstatic has not run; tests never serve static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    # The same kind of cache as `make run` (files every process shares), in a folder of the
    # suite's own.
    cache_dir = tempfile.mkdtemp(prefix="backpain-test-cache-")
    override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": cache_dir,
            }
        }
    ).enable()
    # Work queued for outside the request is done at once, in the test (settings.HUEY); a test
    # that turns that off queues it in a file of the suite's own.
    HUEY.immediate = True
    if "filename" in HUEY.storage_kwargs:
        HUEY.storage_kwargs["filename"] = str(Path(cache_dir) / "tasks.sqlite3")


def committed():
    """
    Run what the code under test left for after its transaction's commit (transaction.on_commit:
    providers.changes rebuilds listings and moves the cache generation), as production does when
    a request or a save commits. Tests run inside a transaction that is rolled back instead, so
    the test client and the factories end each request and each object this way.
    """
    return TestCase.captureOnCommitCallbacks(execute=True)


class CommittingClient(Client):
    """The test client, each request ending as if its transaction had committed."""

    def request(self, **request):
        with committed():
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture(autouse=True)
def site_language():
    """
    Each test starts in the site's default language. A request to /ta/… leaves Tamil active in
    the thread (LocaleMiddleware activates a language and nothing deactivates it), so without
    this a test's labels would depend on the test before it.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def frozen_clock():
    """The clock starts at CURRENT_TIME in every test and runs on from there."""
    with time_machine.travel(CURRENT_TIME, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def empty_task_queue():
    """No task retried or scheduled by another test."""
    HUEY.flush()
    yield
    HUEY.flush()


class TaskQueue:
    def pending(self):
        return HUEY.pending()

    def run_pending(self):
        """
        Do what the consumer would with the tasks waiting (those queued for later as their time
        comes), in the test's transaction, each committing.
        """
        tasks = HUEY.pending()
        HUEY.flush()
        # Outside immediate mode huey closes the database connection around each task, and the
        # test's transaction would go with it.
        HUEY.immediate = True
        try:
            for task in tasks:
                with committed():
                    HUEY.execute(task, timestamp=task.eta)
        finally:
            HUEY.immediate = False


@pytest.fixture
def task_queue():
    """Tasks wait in the queue, as in production, until the test runs them."""
    HUEY.immediate = False
    try:
        yield TaskQueue()
    finally:
        HUEY.flush()
        HUEY.immediate = True


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
