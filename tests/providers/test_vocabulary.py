"""The vocabulary each page reads its terms from, and when a process reads it again."""

import pytest
from django.core.cache import cache

from providers.models import Service
from providers.vocabulary import Vocabulary
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def names(vocabulary):
    return [term.name for term in vocabulary.services]


def test_it_is_read_from_the_database_once_while_nothing_changes(django_assert_num_queries):
    ServiceFactory(name="Cupping")
    Vocabulary.current()

    with django_assert_num_queries(0):
        assert names(Vocabulary.current()) == ["Cupping"]


def test_a_new_term_shows_at_once():
    ServiceFactory(name="Cupping")
    assert names(Vocabulary.current()) == ["Cupping"]

    ServiceFactory(name="Tui na")

    assert names(Vocabulary.current()) == ["Cupping", "Tui na"]


def test_an_emptied_cache_is_read_again_though_the_generation_number_repeats():
    service = ServiceFactory(name="Cupping")
    assert names(Vocabulary.current()) == ["Cupping"]
    # A change that bypasses the models moves nothing; emptying the cache loses the
    # generation too, and a new one is drawn.
    Service.objects.filter(pk=service.pk).update(name="Fire cupping")
    cache.clear()

    assert names(Vocabulary.current()) == ["Fire cupping"]
