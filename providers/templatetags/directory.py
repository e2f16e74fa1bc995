"""
Template helpers for the public directory: prices, opening hours, page links, and the result
cards and filter form, which are Jinja2 templates (templates/providers/*.jinja) included here.

Each works on data the view already prefetched, so a card or a profile never asks the
database for more.
"""

import html
import re
from decimal import Decimal
from urllib.parse import quote

from django import template
from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from markets import market
from providers import hours, jsonld

register = template.Library()


@register.filter
def price(amount):
    """`80` → "SGD 80", `80.5` → "SGD 80.50"; no price → "Price on request"."""
    if amount is None or amount == "":
        return _("Price on request")
    amount = Decimal(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{market.current().currency} {text}"


@register.filter
def km(distance):
    """`1.234` → "1.2 km", `0.04` → "under 100 m", `12.6` → "13 km"."""
    if distance is None:
        return ""
    if distance < 0.1:
        return _("under 100 m")
    number = f"{distance:.1f}" if distance < 10 else f"{distance:.0f}"
    return _("%(number)s km") % {"number": number}


@register.filter
def branch_label(name):
    """A branch's name as a card shows it: "Tampines" → "Tampines branch"."""
    name = str(name or "")
    return name if "branch" in name.lower() else _("%(name)s branch") % {"name": name}


@register.filter
def minutes(value):
    """`60` → "60 min"; empty stays empty."""
    return _("%(minutes)s min") % {"minutes": value} if value else ""


@register.filter
def interval(opening_hours):
    """One opening interval as "09:00–13:00", "22:00–02:00 (next day)" or "Open 24 hours"."""
    return hours.format_interval(opening_hours)


@register.filter
def tel_href(number):
    """A phone number as a tel: address: only the leading + and the digits."""
    number = str(number or "").strip()
    digits = re.sub(r"\D", "", number)
    return f"tel:{'+' if number.startswith('+') else ''}{digits}"


@register.filter
def whatsapp_href(number):
    """A WhatsApp number as a chat link: https://wa.me/ and the digits, country code first."""
    return f"https://wa.me/{re.sub(r'[^0-9]', '', str(number or ''))}"


@register.filter
def directions_href(branch):
    """A link to directions to this branch on a maps site (settings.DIRECTIONS_URL)."""
    if branch.latitude is not None and branch.longitude is not None:
        destination = f"{branch.latitude},{branch.longitude}"
    else:
        parts = [branch.address, branch.postal_code, market.current().name]
        destination = ", ".join(part for part in parts if part)
    return settings.DIRECTIONS_URL.format(destination=quote(destination, safe=","))


@register.filter
def areas_in(vocabulary, region_slug):
    return vocabulary.areas_in(region_slug)


def _jinja(template_name, context, request=None):
    template = engines["jinja2"].get_template(template_name)
    return mark_safe(template.render(context, request))


@register.simple_tag
def provider_cards(cards, moment):
    """Usage: {% provider_cards page_obj.object_list now %}: a list of result cards."""
    return _jinja("providers/cards.jinja", {"cards": cards, "now": moment})


@register.simple_tag
def filter_form(filterset, results=None):
    """
    Usage: {% filter_form filter results %}: the directory's filters, for its search form, each
    option with how many of the results (directory.Results) it would find, when counted.
    """
    option_counts = results.option_counts() if results is not None else None
    context = {
        "form": filterset.form,
        "options": filterset.option_lists(option_counts),
        "vocabulary": filterset.vocabulary,
        "currency": market.current().currency,
    }
    return _jinja("providers/filter_form.jinja", context)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's address with every filter kept and the page number replaced."""
    request = context["request"]
    # The filters' part of the address, worked out once for all of a page's links.
    kept = context.render_context.get(page_url)
    if kept is None:
        params = request.GET.copy()
        params.pop("page", None)
        kept = context.render_context[page_url] = params.urlencode()
    page = urlencode({"page": number}) if int(number) > 1 else ""
    query = "&".join(part for part in (kept, page) if part)
    return f"{request.path}?{query}" if query else request.path


# What search results show of a title, and of a description.
TITLE_LENGTH = 65
DESCRIPTION_LENGTH = 160


@register.simple_tag
def page_title(title, page=1):
    """
    A landing page's whole <title>: "Acupuncture in Tampines – Site name", the page number
    after page 1, and the site's name only while the whole fits in TITLE_LENGTH.
    """
    if isinstance(title, SafeData):
        # {% blocktranslate asvar %} gives the title with its names escaped already: escaped
        # once more on the way out, an "&" would show as "&amp;".
        title = html.unescape(title)
    if int(page) > 1:
        title = _("%(title)s (page %(number)s)") % {"title": title, "number": page}
    with_site = f"{title} – {settings.SITE_NAME}"
    if len(with_site) <= TITLE_LENGTH:
        return with_site
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1] + "…"


@register.filter
def description(text):
    """A meta description cut to what search results show."""
    return Truncator(" ".join(str(text).split())).chars(DESCRIPTION_LENGTH)


@register.simple_tag
def page_range(page):
    """Page numbers around the current one, with "…" for the gaps (see Paginator)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail):
    """
    Home › … › this page: {% breadcrumbs "Find care" list_url provider.name %}. Give a label
    and an address for each step after Home, then this page's label. The same trail goes to
    search engines as a schema.org BreadcrumbList.
    """
    # Labels may be lazy translations ({% breadcrumbs _("Find care") … %}): JSON needs text.
    *steps, current = [str(part) for part in trail]
    steps = list(zip(steps[::2], steps[1::2], strict=True))
    request = context["request"]
    trail = [(_("Home"), reverse("providers:home")), *steps, (current, request.get_full_path())]
    return {"steps": steps, "current": current, "json_ld": jsonld.breadcrumb_list(trail, request)}
