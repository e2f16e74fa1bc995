"""Garbage collection between requests (backpain_site/collector.py), as gunicorn runs it."""

import gc
import runpy
import weakref
from pathlib import Path

import pytest

from backpain_site import collector

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_collector():
    yield
    gc.unfreeze()
    gc.enable()


def test_a_worker_freezes_what_it_loaded_and_stops_collecting_on_its_own(restore_collector):
    collector.freeze_startup_objects()

    assert not gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_collecting_after_a_response_frees_reference_cycles(restore_collector, monkeypatch):
    collector.freeze_startup_objects()
    monkeypatch.setattr(collector, "ALLOCATIONS_PER_COLLECTION", 1)

    class Node:
        pass

    node = Node()
    node.self = node
    del node
    before = len(gc.get_objects())
    collector.collect_after_response()

    assert len(gc.get_objects()) < before


def test_a_cheap_response_does_not_pay_for_a_collection(restore_collector, monkeypatch):
    collector.freeze_startup_objects()
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args))

    collector.collect_after_response()

    assert collections == []


def test_gunicorn_calls_them_from_its_worker_hooks(restore_collector, monkeypatch):
    called = []
    monkeypatch.setattr(collector, "freeze_startup_objects", lambda: called.append("freeze"))
    monkeypatch.setattr(collector, "collect_after_response", lambda: called.append("collect"))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    config["post_worker_init"](worker=None)
    config["post_request"](worker=None, req=None, environ={}, resp=None)

    assert called == ["freeze", "collect"]


def test_what_a_page_rendered_is_freed_without_waiting_for_a_collection(rf, restore_collector):
    from django.template.loader import render_to_string

    class Shown:
        def __str__(self):
            return "shown"

    shown = Shown()
    kept = weakref.ref(shown)
    gc.disable()

    html = render_to_string(
        "base.html",
        {"shown": shown},
        request=rf.get("/"),
    )
    del shown

    assert "<html" in html
    assert kept() is None
