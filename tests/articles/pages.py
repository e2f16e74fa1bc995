"""Reading pages in tests."""

import html
import re


def text_of(response):
    """The page's visible text, roughly: tags removed, entities decoded, spaces collapsed."""
    content = response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))).strip()
