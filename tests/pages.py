"""Reading pages in tests: their text as a reader sees it, their links, the providers listed."""

import html
import re


def text(response):
    """
    A response's (or a piece of HTML's) text as a reader sees it: inline tags dropped,
    other tags read as a space, entities decoded, whitespace squeezed.
    """
    body = response if isinstance(response, str) else response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    body = re.sub(r"</?(a|abbr|b|code|em|i|small|span|strong|time)\b[^>]*>", "", body, flags=re.I)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())


def hrefs(response):
    """Every link target on the page, entities decoded."""
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode())]


def cards(response):
    """The result cards (providers.cards.Card) a page of the directory or a landing page lists."""
    return list(response.context["page_obj"])


def names(response):
    """The names of the providers a page lists, in order."""
    return [card.provider.name for card in cards(response)]


def head_tag(response, pattern):
    found = re.search(pattern, response.content.decode(), re.S)
    return html.unescape(found.group(1)) if found else None


def title(response):
    return " ".join(head_tag(response, r"<title>(.*?)</title>").split())


def description(response):
    return head_tag(response, r'<meta name="description" content="([^"]*)">')


def robots(response):
    """The page's <meta name="robots"> content, or None when it has none (indexable)."""
    return head_tag(response, r'<meta name="robots" content="([^"]*)">')


def canonical(response):
    return head_tag(response, r'<link rel="canonical" href="([^"]*)">')
