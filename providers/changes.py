"""
The one path from a change to every page that shows it, and the generation that versions
everything the site caches.

Each app's AppConfig.ready() names its models here (`watch`). Saving or deleting one of their
rows, or linking and unlinking many-to-many rows, notes the providers whose derived data
(search text, filter facets, result card: providers.derived) the row is part of; when the
transaction commits, their derived data is rebuilt, and only then is the cache generation moved
(below), so that a page rendered afterwards is never cached with the old card, and nothing is
rebuilt or moved for a transaction that rolls back. Several rows saved in one
transaction (a week of opening hours, a provider and its inlines in the admin) make one rebuild.

Rows changed without signals (a queryset's update(), bulk_create(), raw SQL, an import) are
announced with `listings_changed(provider_ids)`, or `pages_changed()` when no listing's derived
data depends on them.

The same path stamps each changed listing's `content_modified` (before the generation moves),
so that "when did this listing last change" covers its branches, offers, opening hours and
closures, not only the provider's own row: the open data's `last_modified` and
`modified_after` read it, and its ETag and Last-Modified follow the generation.

The site has one cache, Django's (settings.CACHES: Redis when REDIS_URL is set, otherwise files
every process on the machine shares). What it keeps (whole public pages, the loaded vocabulary,
the aggregate counts, a search's result count) is stored with the current generation as its
cache version: once the generation moves, the next request reads everything afresh and the
older entries simply expire.
"""

import secrets
import threading
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

GENERATION_KEY = "generation"
CHANGED_AT_KEY = "generation:changed_at"


def generation():
    """The cache version everything the site caches is stored under."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A new generation: for all anyone knows, everything changed now.
        cache.set(CHANGED_AT_KEY, timezone.now(), timeout=None)
        # add(), so that processes starting together agree on one value.
        cache.add(GENERATION_KEY, secrets.randbits(62), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def changed_at():
    """
    When the generation last moved: no public page has changed since (the open-data API's
    Last-Modified). Now, when the cache does not know.
    """
    value = cache.get(CHANGED_AT_KEY)
    if value is None:
        cache.add(CHANGED_AT_KEY, timezone.now(), timeout=None)
        value = cache.get(CHANGED_AT_KEY) or timezone.now()
    return value


def bump_generation():
    """
    Make everything cached under the current generation unreachable. A new random value, not
    the old one plus one: a generation never comes back, even after the cache lost its key.
    """
    # The moment first: a reader between the two sees a moment too late, never a new
    # generation with the old moment (which would answer "not modified" wrongly).
    cache.set(CHANGED_AT_KEY, timezone.now(), timeout=None)
    cache.set(GENERATION_KEY, secrets.randbits(62), timeout=None)


class _Pending(threading.local):
    """
    The providers noted in this thread's open transactions, by database, and those of them
    whose own rows changed (`edited`).
    """

    def __init__(self):
        self.providers = {}
        self.edited = {}


_pending = _Pending()
# Models whose rows name the providers they belong to; a row deleted because one of these was
# (a branch's hours with the branch) is covered by that row's own providers.
_with_providers = set()


def listings_changed(provider_ids, using="default", edited=True):
    """
    Rebuild these providers' derived data and then move the cache generation, once the current
    transaction commits (at once outside a transaction). For changes that send no signals.
    `edited=False` when no row of theirs changed, only what the calendar derives from them (a
    licence expired): their content_modified stays.
    """
    ids = {pk for pk in provider_ids if pk}
    _pending.providers.setdefault(using, set()).update(ids)
    if edited:
        _pending.edited.setdefault(using, set()).update(ids)
    transaction.on_commit(partial(_flush, using), using=using, robust=True)


def pages_changed(using="default"):
    """Move the cache generation once the current transaction commits (at once outside one)."""
    listings_changed((), using)


def on_migrate(**kwargs):
    """After `manage.py migrate`: nothing cached by an earlier version of the site is read again."""
    bump_generation()


def _flush(using):
    # Every change of a transaction registered a callback; the first to run does the work.
    ids = _pending.providers.pop(using, None)
    edited = _pending.edited.pop(using, set())
    if ids is None:
        return
    from providers import derived

    try:
        _stamp(edited, using)
        derived.rebuild(ids, using)
    finally:
        bump_generation()


def _stamp(provider_ids, using):
    """These listings changed now (Provider.content_modified)."""
    from providers.derived import CHUNK
    from providers.models import Provider

    ids = sorted(provider_ids)
    now = timezone.now()
    for start in range(0, len(ids), CHUNK):
        Provider.objects.using(using).filter(pk__in=ids[start : start + CHUNK]).update(
            content_modified=now
        )


def watch(model, providers_of=None):
    """
    Hear saves, deletes and many-to-many changes of `model`. `providers_of(row)` gives the ids of
    the providers whose derived data the row is part of; without it, a change only moves the
    generation. A model with `shown_fields` and `shown_fields_changed()` (a vocabulary term)
    changes its providers' data only when one of those fields did: renaming a service rebuilds
    its providers, rewording its description does not.
    """
    uid = f"changes:{model._meta.label}"
    post_save.connect(
        partial(_saved, providers_of=providers_of), sender=model, weak=False, dispatch_uid=uid
    )
    pre_delete.connect(
        partial(_deleting, providers_of=providers_of), sender=model, weak=False, dispatch_uid=uid
    )
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            partial(_linked, field=field, providers_of=providers_of),
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}.{field.name}",
        )
    if providers_of is not None:
        _with_providers.add(model)


def _saved(sender, instance, created, using, providers_of, **kwargs):
    shown_changed = getattr(instance, "shown_fields_changed", None)
    if providers_of is None or (shown_changed and (created or not shown_changed())):
        # A new term has no providers yet; an edit that listings do not show changes none.
        pages_changed(using)
    else:
        listings_changed(providers_of(instance), using)


def _deleting(sender, instance, using, providers_of, origin=None, **kwargs):
    # Deletion runs in a transaction, so the providers are read now, while the rows that lead to
    # them exist, and rebuilt once they are gone.
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if origin_model in _with_providers and origin_model is not sender:
        return
    if providers_of is None:
        pages_changed(using)
    else:
        listings_changed(list(providers_of(instance)), using)


def _linked(sender, instance, action, reverse, model, pk_set, using, field, providers_of, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if providers_of is None:
        pages_changed(using)
        return
    if not reverse:
        rows = [instance]
    elif pk_set is not None:
        rows = model.objects.using(using).filter(pk__in=pk_set)
    else:
        rows = model.objects.using(using).filter(Q(**{field.name: instance}))
    listings_changed([pk for row in rows for pk in providers_of(row)], using)


def watch_listings():
    """The directory's own models, as providers.apps connects them."""
    from providers.models import (
        Area,
        Condition,
        Credential,
        Language,
        Location,
        OpeningException,
        OpeningHours,
        Photo,
        Place,
        PostalSector,
        Practitioner,
        Provider,
        ProviderService,
        SearchSynonym,
        Service,
    )

    watch(Provider, lambda provider: [provider.pk])
    # A credential's check decides the listing's ✓ badge; having photos, its quality points.
    for model in (Location, ProviderService, Practitioner, Credential, Photo):
        watch(model, lambda row: [row.provider_id])
    for model in (OpeningHours, OpeningException):
        watch(model, lambda row: [row.location.provider_id])
    # Read by searches with the vocabulary.
    for model in (SearchSynonym, PostalSector, Place):
        watch(model)
    for model in (Condition, Language):
        watch(model, lambda term: term.providers.values_list("pk", flat=True))
    watch(Service, lambda service: service.offers.values_list("provider_id", flat=True))
    watch(
        Area,
        lambda area: Location.objects.filter(Q(area=area) | Q(area__parent=area)).values_list(
            "provider_id", flat=True
        ),
    )
