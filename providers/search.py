"""
Text search over listings: one function, whatever the database.

`matching(queryset, text)` narrows a Provider queryset to what the words describe. Every
word must match somewhere: the provider's name, its kind, a service it offers or a condition
it treats.
"""

from django.db.models import Exists, OuterRef, Q

from providers.models import Provider, ProviderKind, ProviderService

MAX_WORDS = 8


def words(text):
    return [word for word in text.split() if word][:MAX_WORDS]


def _word_matches(word):
    kinds = [value for value, label in ProviderKind.choices if word.lower() in label.lower()]
    offers = ProviderService.objects.filter(provider=OuterRef("pk"), service__name__icontains=word)
    treats = Provider.conditions.through.objects.filter(
        provider=OuterRef("pk"), condition__name__icontains=word
    )
    return Q(name__icontains=word) | Q(kind__in=kinds) | Exists(offers) | Exists(treats)


def matching(queryset, text):
    for word in words(text):
        queryset = queryset.filter(_word_matches(word))
    return queryset
