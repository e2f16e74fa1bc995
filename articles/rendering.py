"""
Article bodies: Markdown in, sanitised HTML and a table of contents out.

Editors may paste anything, so the HTML that Markdown produces (raw HTML included) goes
through an nh3 allowlist: no script, style, event handler, iframe, `javascript:` or `data:`
URL survives, and images are kept only when they come from our own media.
"""

import html
import math
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.conf import settings

WORDS_PER_MINUTE = 200

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "figcaption", "figure", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"scope"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass
class Rendered:
    html: str
    # Flat list of the body's headings: {"id", "title", "level"} with level 2 or 3.
    toc: list = field(default_factory=list)
    reading_minutes: int = 1


def media_prefix():
    """Our media's URL path, as it appears in an img src ("/media/")."""
    url = settings.MEDIA_URL
    return url if url.startswith(("/", "http://", "https://")) else "/" + url


def _keep_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src":
        # Only our own uploads: no tracking pixels, hotlinks or data: URLs.
        prefix = media_prefix()
        if not value.startswith(prefix) or ".." in value or value.startswith("//"):
            return None
    return value


# Tags whose content the sanitiser drops with them: an opening one never closed would take the
# rest of the article with it.
CONTENT_DROPPED = ("script", "style", "iframe", "object", "embed", "template")
OPENING = re.compile(r"<(" + "|".join(CONTENT_DROPPED) + r")\b", re.IGNORECASE)


def _escape_unclosed(body):
    """Write an opening tag of CONTENT_DROPPED that is never closed as text, not as a tag."""

    def escape(found):
        closing = re.compile(rf"</{found.group(1)}\s*>", re.IGNORECASE)
        if closing.search(body, found.end()):
            return found.group(0)
        return "&lt;" + found.group(0)[1:]

    return OPENING.sub(escape, body)


def sanitise(fragment):
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags=set(CONTENT_DROPPED),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def _flatten(tokens, depth=3):
    entries = []
    for token in tokens:
        if token["level"] <= depth:
            entries.append(
                {"id": token["id"], "title": html.unescape(token["name"]), "level": token["level"]}
            )
            entries += _flatten(token["children"], depth)
    return entries


def reading_minutes(text):
    words = len(re.findall(r"\w+", text))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def render(body):
    """Markdown to sanitised HTML. A "# Heading" becomes an <h2>: the page title is the <h1>."""
    converter = markdown.Markdown(
        extensions=["toc", "fenced_code", "tables", "sane_lists"],
        extension_configs={"toc": {"baselevel": 2}},
        output_format="html",
    )
    html_body = sanitise(converter.convert(_escape_unclosed(body)))
    return Rendered(
        html=html_body,
        toc=_flatten(converter.toc_tokens),
        reading_minutes=reading_minutes(body),
    )
