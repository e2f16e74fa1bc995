"""
The site in English, Chinese (Simplified), Malay and Tamil: English at today's addresses, the
others under /zh-hans/, /ms/ and /ta/; a switcher on every page that keeps the page and its
query and remembers the choice; hreflang alternates; the browser's language used on a first
visit to / only.
"""

import html
import re

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.pages import hrefs

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
PREFIXES = {"en": "", "zh-hans": "/zh-hans", "ms": "/ms", "ta": "/ta"}
PAGES = ["/", "/providers/", "/providers/alpha-acupuncture/"]


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def alternates(response):
    """{hreflang: address} of the page's <link rel="alternate" hreflang> tags."""
    found = re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()
    )
    return {language: html.unescape(address) for language, address in found}


def switcher(response):
    """{language: (link, label's lang attribute, label)} of the language switcher's links."""
    nav = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    links = re.findall(
        r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+"[^>]*>([^<]+)</a>', nav[1]
    )
    return {lang: (html.unescape(href), lang, label) for href, lang, label in links}


@pytest.mark.parametrize("language", list(PREFIXES))
@pytest.mark.parametrize("page", PAGES)
def test_each_language_has_its_home_directory_and_profile_with_its_lang(
    client, directory, language, page
):
    response = client.get(PREFIXES[language] + page)

    assert response.status_code == 200
    assert html_lang(response) == language


def test_english_addresses_are_unchanged(client, directory):
    for page in PAGES:
        assert client.get(page).status_code == 200
    assert client.get("/en/providers/").status_code == 404


def test_the_page_is_in_the_chosen_language(client, directory):
    page = client.get("/zh-hans/providers/").content.decode()

    assert "<h1>查找背痛护理</h1>" in page
    assert "跳至主要内容" in page
    assert "如遇紧急情况，请拨打 995" in page


def test_every_page_lists_itself_in_each_language_for_search_engines(client, directory):
    response = client.get("/ms/providers/alpha-acupuncture/")

    assert alternates(response) == {
        "en": f"{SITE}/providers/alpha-acupuncture/",
        "x-default": f"{SITE}/providers/alpha-acupuncture/",
        "zh-hans": f"{SITE}/zh-hans/providers/alpha-acupuncture/",
        "ms": f"{SITE}/ms/providers/alpha-acupuncture/",
        "ta": f"{SITE}/ta/providers/alpha-acupuncture/",
    }


def test_the_canonical_address_is_the_pages_own_in_its_language(client, directory):
    body = client.get("/ta/providers/alpha-acupuncture/").content.decode()

    assert f'<link rel="canonical" href="{SITE}/ta/providers/alpha-acupuncture/">' in body


def test_the_switcher_names_each_language_in_itself(client, directory):
    links = switcher(client.get("/providers/"))

    assert {lang: label for _, lang, label in links.values()} == {
        "en": "English",
        "zh-hans": "简体中文",
        "ms": "Bahasa Melayu",
        "ta": "தமிழ்",
    }


def test_the_switcher_keeps_the_page_and_its_query(client, directory):
    link = switcher(client.get("/providers/?service=acupuncture&q=back"))["zh-hans"][0]

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/providers/?service=acupuncture&q=back"
    assert html_lang(client.get(response["Location"])) == "zh-hans"


def test_the_switcher_leads_back_to_english(client, directory):
    link = switcher(client.get("/ta/providers/alpha-acupuncture/"))["en"][0]

    assert client.get(link)["Location"] == "/providers/alpha-acupuncture/"


def test_the_switcher_remembers_the_choice(client, directory):
    link = switcher(client.get("/providers/"))["ms"][0]

    response = client.get(link)

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ms"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    # Back at the home page, the choice holds.
    assert client.get("/")["Location"] == "/ms/"


def test_the_switcher_goes_nowhere_off_the_site(client):
    response = client.get("/language/", {"language": "ta", "next": "https://example.com/"})

    assert response["Location"] == "/"


def test_the_switcher_refuses_a_language_the_site_does_not_have(client):
    response = client.get("/language/", {"language": "fr", "next": "/"})

    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_page_that_does_not_exist_offers_each_languages_home(client, directory):
    links = switcher(client.get("/zh-hans/no-such-page/"))

    assert client.get(links["ta"][0])["Location"] == "/ta/"


def test_a_first_visit_to_home_goes_to_the_browsers_language(client, directory):
    response = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.8"})

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("accept", ["ms-MY,ms;q=0.9", "ta-SG,ta;q=0.9"])
def test_malay_and_tamil_browsers_go_to_their_home_too(client, directory, accept):
    response = client.get("/", headers={"accept-language": accept})

    assert response["Location"] == f"/{accept[:2]}/"


def test_an_english_browser_stays_at_home(client, directory):
    response = client.get("/", headers={"accept-language": "en-SG,en;q=0.9,zh;q=0.8"})

    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_the_browsers_language_is_used_at_home_only(client, directory):
    response = client.get("/providers/", headers={"accept-language": "zh-CN,zh;q=0.9"})

    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_a_visitor_who_chose_english_is_not_sent_elsewhere(client, directory):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"})

    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_the_page_cache_keeps_each_language_apart(client, directory, settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    client.get("/zh-hans/providers/")
    client.get("/providers/")

    chinese = client.get("/zh-hans/providers/")
    english = client.get("/providers/")

    assert (chinese["X-Page-Cache"], english["X-Page-Cache"]) == ("hit", "hit")
    assert (html_lang(chinese), html_lang(english)) == ("zh-hans", "en")
    # The filter form, a cached fragment, is in the page's language too.
    assert "附近" in chinese.content.decode() or "地点" in chinese.content.decode()
    cache.clear()


def test_a_cached_english_home_page_does_not_keep_a_chinese_browser(client, directory, settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    client.get("/")

    response = client.get("/", headers={"accept-language": "zh-CN"})

    assert response["Location"] == "/zh-hans/"
    cache.clear()


def test_the_admin_is_in_each_language(admin_client):
    response = admin_client.get("/zh-hans/admin/")

    assert response.status_code == 200
    assert html_lang(response) == "zh-hans"


@pytest.mark.parametrize("address", ["/api/hsds/", "/sitemap.xml", "/robots.txt", "/healthz"])
def test_what_machines_read_has_one_address(client, directory, address):
    assert client.get(address).status_code == 200
    assert client.get("/zh-hans" + address).status_code == 404


def test_robots_txt_keeps_crawlers_out_of_every_languages_private_pages(client):
    robots = client.get("/robots.txt").content.decode()

    for prefix in PREFIXES.values():
        assert f"Disallow: {prefix}/admin/" in robots
        assert f"Disallow: {prefix}/manage/" in robots
    assert "Disallow: /language/" in robots


def test_home_links_stay_in_the_pages_language(client, directory):
    links = hrefs(client.get("/ms/"))

    assert "/ms/providers/" in links
    assert "/providers/" not in links
