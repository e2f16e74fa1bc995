"""
A provider's result card as HTML: the directory, the landing pages and an article's "Find care
for this" all show providers this way.

A directory page shows twenty cards. Through the template engine each cost a quarter of a
millisecond (some fifty variable lookups, filters and escapes), the largest part of the
page's rendering; through format_html, 100 µs. Written out here with every value escaped as a
template would (widgets.escape), the twenty take under a millisecond, half of it working out
whether each provider is open. Everything comes from the provider's stored card, read with
it (ProviderQuerySet.for_cards), so a card asks the database nothing.
"""

from types import SimpleNamespace

from django.utils.safestring import mark_safe

from providers.models import ProviderKind
from providers.templatetags.directory import branch_label, km, price
from providers.widgets import escape

SERVICES_SHOWN = 3
# get_kind_display() builds this on every call.
KIND_LABELS = dict(ProviderKind.choices)


def summary(provider, moment):
    """
    What a card shows beyond the provider's own fields: `branch` (the one the search chose,
    else the first), `more_branches`, `status` (at `moment`), `offers`, `more_offers`
    (beyond those shown) and `languages`.
    """
    branches = provider.branches
    offers = provider.card_offers
    return SimpleNamespace(
        branch=getattr(provider, "shown_branch", None) or (branches[0] if branches else None),
        more_branches=max(len(branches) - 1, 0),
        status=provider.opening_status(moment),
        offers=offers[:SERVICES_SHOWN],
        more_offers=max(len(offers) - SERVICES_SHOWN, 0),
        languages=provider.card_languages,
    )


def card(provider, moment):
    shown = summary(provider, moment)
    verified = ""
    if provider.is_verified:
        verified = ' <span class="badge badge--verified">Verified</span>'
    name = getattr(provider, "highlighted_name", "") or provider.name
    parts = [
        f'<h3 class="card__title"><a href="{escape(provider.profile_url)}">{escape(name)}</a></h3>',
        f'<p class="card__meta">{escape(KIND_LABELS.get(provider.kind, ""))}{verified}</p>',
    ]
    branch = shown.branch
    if branch:
        distance = getattr(provider, "shown_distance_km", None)
        if distance is not None:
            parts.append(
                f'<p class="card__distance"><strong>{escape(km(distance))}</strong> · '
                f"{escape(branch_label(branch.name))}</p>"
            )
        place = branch.area.name
        if branch.area.parent:
            place += f", {branch.area.parent.name}"
        if shown.more_branches:
            plural = "es" if shown.more_branches != 1 else ""
            place += f" and {shown.more_branches} more branch{plural}"
        parts.append(f'<p class="card__place">{escape(place)}</p>')
    snippet = getattr(provider, "snippet", "")
    if snippet:
        parts.append(f'<p class="card__snippet">{escape(snippet)}</p>')
    is_open = " status--open" if shown.status.is_open else ""
    parts.append(f'<p class="status{is_open}">{escape(shown.status)}</p>')
    if shown.offers:
        items = "".join(
            f"<li>{escape(offer.service_name)}"
            + (f" · from {escape(price(offer.price))}" if offer.price is not None else "")
            + "</li>"
            for offer in shown.offers
        )
        if shown.more_offers:
            items += f'<li class="muted">and {shown.more_offers} more</li>'
        parts.append(f'<ul class="card__services">{items}</ul>')
    if shown.languages:
        parts.append(
            '<p class="card__languages"><span class="label">Languages:</span> '
            f"{escape(', '.join(shown.languages))}</p>"
        )
    return mark_safe(f'<article class="card">{"".join(parts)}</article>')


def card_list(providers, moment):
    """The cards of a list of results, as the list items of one list."""
    items = "".join(f"<li>{card(p, moment)}</li>" for p in providers)
    return mark_safe(f'<ul class="cards">{items}</ul>')
