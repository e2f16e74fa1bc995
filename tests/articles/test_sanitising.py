"""Whatever an editor pastes, no script reaches a patient's page as markup."""

import re
from html.parser import HTMLParser

import pytest

from articles import rendering
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="/media/ok.png" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<div onmouseover="alert(1)">hover</div>',
    '<form action="https://evil.example"><input name=x><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "[click me](javascript:alert(1))",
    "[click me](JAVASCRIPT:alert(1))",
    "[click me](data:text/html,<script>alert(1)</script>)",
    "![pic](javascript:alert(1))",
    '![pic](https://evil.example/track.png "t")',
    "<javascript:alert(1)>",
    "[x](javascript&#58;alert(1))",
    "[x]: javascript:alert(1)\n\n[link][x]",
    "```html\n<script>alert(1)</script>\n```",
    "<!-- <script>alert(1)</script> -->",
    '<a href="https://example.org" onclick="alert(1)">ok</a>',
]

DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "svg", "style", "form", "input", "button", "base",
    "details", "video", "audio", "source", "math", "textarea", "frame", "frameset", "applet",
}  # fmt: skip
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


class MarkupFinder(HTMLParser):
    """Every element and attribute a browser would build from the page, and which are unsafe."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in DANGEROUS_TAGS and not (
            tag == "script" and attributes.get("type") == "application/ld+json"
        ):
            self.problems.append(f"<{tag}>")
        if tag == "link" and not re.match(r"^(/|http://testserver/)", attributes.get("href", "")):
            self.problems.append(f"<link href={attributes.get('href')}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"{tag}[{name}]")
            # Browsers ignore tabs, newlines and control characters inside a URL's scheme.
            url = re.sub(r"[\x00-\x20]", "", value or "")
            if name in {"href", "src", "action"} and BAD_URL.match(url):
                self.problems.append(f"{tag}[{name}={value}]")
            if tag == "img" and name == "src" and value and not value.startswith("/media/"):
                self.problems.append(f"img[src={value}]")


def dangerous_markup(html):
    finder = MarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_renderer_removes_it(payload):
    html = rendering.render(f"Before.\n\n{payload}\n\nAfter.").html
    assert dangerous_markup(html) == [], html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_the_page_as_markup(client, payload):
    article = ArticleFactory(
        title=f"Title {payload}",
        summary=f"Summary {payload}",
        body=f"# Heading {payload}\n\nText {payload}\n\n- item {payload}\n",
        seo_title="",
        seo_description="",
    )
    # The page's own markup, with the article in it, must hold no dangerous markup beyond
    # what the site itself puts there (its JSON-LD script).
    for url in [article.get_absolute_url(), "/articles/", "/articles/feed/"]:
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert dangerous_markup(content) == [], (url, payload)


def test_json_ld_cannot_be_broken_out_of(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    content = client.get(article.get_absolute_url()).content.decode()
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert "<" not in json_ld.group(1)


def test_headings_get_ids_and_appear_in_the_table_of_contents():
    rendered = rendering.render("# What it is\n\n## How it feels\n\n# What helps\n")
    assert '<h2 id="what-it-is">What it is</h2>' in rendered.html
    assert '<h3 id="how-it-feels">' in rendered.html
    assert [(e["id"], e["level"]) for e in rendered.toc] == [
        ("what-it-is", 2),
        ("how-it-feels", 3),
        ("what-helps", 2),
    ]


def test_table_of_contents_titles_are_plain_text():
    rendered = rendering.render("# Heat & <b>cold</b>\n")
    assert rendered.toc[0]["title"] == "Heat & cold"


def test_links_get_rel_noopener():
    html = rendering.render("[A study](https://example.org/study)").html
    assert '<a href="https://example.org/study" rel="noopener">A study</a>' in html


def test_internal_links_and_mail_links_survive():
    html = rendering.render("[Find care](/providers/) or [write](mailto:a@example.org)").html
    assert 'href="/providers/"' in html
    assert 'href="mailto:a@example.org"' in html


def test_images_from_our_media_survive_and_others_lose_their_source():
    html = rendering.render(
        "![A stretch](/media/articles/2025/01/stretch.jpg)\n\n![Tracker](https://evil.example/t.gif)"
    ).html
    assert '<img alt="A stretch" src="/media/articles/2025/01/stretch.jpg">' in html
    assert '<img alt="Tracker">' in html
    assert "evil.example" not in html


def test_lists_emphasis_and_quotes_survive():
    html = rendering.render("- one\n- **two**\n\n1. first\n\n> quoted *words*").html
    assert "<ul>" in html and "<strong>two</strong>" in html
    assert "<ol>" in html and "<blockquote>" in html and "<em>words</em>" in html


def test_reading_time_rounds_up_at_200_words_a_minute():
    assert rendering.render("word " * 10).reading_minutes == 1
    assert rendering.render("word " * 201).reading_minutes == 2


def test_the_body_is_rendered_once_on_save():
    article = ArticleFactory(body="# Hello\n\nWorld")
    assert '<h2 id="hello">Hello</h2>' in article.body_html
    article.body = "# Changed"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert '<h2 id="changed">Changed</h2>' in article.body_html


def test_an_unclosed_style_tag_does_not_take_the_rest_of_the_article():
    body = "Intro.\n\n<style>p { color: red }\n\n## Afterwards\n\nThe rest of the article."

    html = rendering.render(body).html

    assert "The rest of the article." in html and "Afterwards" in html
    assert "<style" not in html
