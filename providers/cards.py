"""
A provider's result card as HTML: the directory, the landing pages and an article's "Find care
for this" all show providers this way.

A directory page shows twenty cards. Through the template engine each cost a quarter of a
millisecond (some fifty variable lookups, filters and escapes), the largest part of the
page's rendering; built here with format_html, which escapes every value as a template
would, the twenty take under a millisecond. Everything comes from what the queryset
annotated (ProviderQuerySet.for_cards), so a card asks the database nothing.
"""

from types import SimpleNamespace

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from providers.templatetags.directory import branch_label, km, price

SERVICES_SHOWN = 3


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
        languages=sorted(provider.language_names or [], key=str.lower),
    )


def card(provider, moment):
    shown = summary(provider, moment)
    parts = [
        format_html(
            '<h3 class="card__title"><a href="{}">{}</a></h3>',
            provider.get_absolute_url(),
            getattr(provider, "highlighted_name", "") or provider.name,
        ),
        format_html(
            '<p class="card__meta">{}{}</p>',
            provider.get_kind_display(),
            mark_safe(' <span class="badge badge--verified">Verified</span>')
            if provider.is_verified
            else "",
        ),
    ]
    branch = shown.branch
    if branch:
        distance = getattr(provider, "shown_distance_km", None)
        if distance is not None:
            parts.append(
                format_html(
                    '<p class="card__distance"><strong>{}</strong> · {}</p>',
                    km(distance),
                    branch_label(branch.name),
                )
            )
        place = branch.area.name
        if branch.area.parent:
            place += f", {branch.area.parent.name}"
        if shown.more_branches:
            plural = "es" if shown.more_branches != 1 else ""
            place += f" and {shown.more_branches} more branch{plural}"
        parts.append(format_html('<p class="card__place">{}</p>', place))
    snippet = getattr(provider, "snippet", "")
    if snippet:
        parts.append(format_html('<p class="card__snippet">{}</p>', snippet))
    parts.append(
        format_html(
            '<p class="status{}">{}</p>',
            " status--open" if shown.status.is_open else "",
            shown.status,
        )
    )
    if shown.offers:
        items = format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (
                    offer.service.name,
                    f" · from {price(offer.price)}" if offer.price is not None else "",
                )
                for offer in shown.offers
            ),
        )
        if shown.more_offers:
            items += format_html('<li class="muted">and {} more</li>', shown.more_offers)
        parts.append(format_html('<ul class="card__services">{}</ul>', items))
    if shown.languages:
        parts.append(
            format_html(
                '<p class="card__languages"><span class="label">Languages:</span> {}</p>',
                ", ".join(shown.languages),
            )
        )
    return format_html('<article class="card">{}</article>', mark_safe("".join(parts)))


def card_list(providers, moment):
    """The cards of a list of results, as the list items of one list."""
    return format_html(
        '<ul class="cards">{}</ul>',
        format_html_join("", "<li>{}</li>", ((card(p, moment),) for p in providers)),
    )
