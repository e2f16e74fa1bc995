"""One JSON log line per request, with its id, method, path, status, duration and user."""

import json
import logging

import pytest

from backpain_site.jsonlog import JsonFormatter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "backpain_site.requests"]


def test_it_logs_each_request_as_one_json_line(client, caplog):
    caplog.set_level(logging.INFO, logger="backpain_site.requests")

    response = client.get("/healthz?probe=1", headers={"X-Request-ID": "abc-123"})

    (record,) = request_lines(caplog)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"] == "abc-123"
    assert entry["method"] == "GET"
    assert entry["path"] == "/healthz"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)
    assert entry["user"] == "anonymous"
    assert entry["level"] == "INFO"


def test_it_logs_who_was_signed_in(client, caplog):
    user = UserFactory()
    client.force_login(user)
    caplog.set_level(logging.INFO, logger="backpain_site.requests")

    client.get("/providers/")

    (record,) = request_lines(caplog)
    assert record.user == user.pk


def test_the_formatter_writes_exceptions_inside_the_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), exc_info=__import__("sys").exc_info()
        )

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "failed"
    assert "ValueError: boom" in entry["exception"]
