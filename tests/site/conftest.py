"""Parts of production that fail: Redis unreachable, the database refusing connections."""

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection


@pytest.fixture
def redis_down(settings):
    """The production cache settings, pointed at a port nothing listens on."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    yield
    caches["default"].close()


@pytest.fixture
def database_down(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
