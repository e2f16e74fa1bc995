"""
The provider's profile, the landing pages and the directory's own words in Chinese, Malay and
Tamil: each page in each language has its lang, a sentence of its own in that language, and
none of its English headings left over; the words Python writes (opening status, prices,
kinds, weekdays, filter chips) follow the page's language while addresses stay English.
"""

import datetime
import re

import pytest
from django.utils import translation

from providers import hours
from providers.models import ProviderKind
from tests.site.test_languages import PREFIXES, html_lang

pytestmark = pytest.mark.django_db

# A known sentence of each page in each language.
KNOWN = {
    "/providers/alpha-acupuncture/": {
        "en": [
            "Services and prices",
            "Questions to ask before booking",
            "Open now · open 24 hours",
        ],
        "zh-hans": ["服务与价格", "预约前可以问的问题", "正在营业 · 24 小时营业", "针灸与中医"],
        "ms": ["Perkhidmatan dan harga", "Dibuka sekarang · dibuka 24 jam", "Soalan untuk ditanya"],
        "ta": ["சேவைகளும் விலைகளும்", "இப்போது திறந்துள்ளது", "முகப்பு"],
    },
    "/services/acupuncture/": {
        "en": ["Providers offering Acupuncture"],
        "zh-hans": ["提供Acupuncture的服务提供者"],
        "ms": ["Penyedia yang menawarkan Acupuncture"],
        "ta": ["Acupuncture வழங்கும் வழங்குநர்கள்"],
    },
    "/conditions/sciatica/": {
        "en": ["Providers who treat sciatica"],
        "zh-hans": ["治疗sciatica的服务提供者"],
        "ms": ["Penyedia yang merawat sciatica"],
        "ta": ["sciatica க்குச் சிகிச்சையளிக்கும் வழங்குநர்கள்"],
    },
    "/areas/east/": {
        "en": ["Back-pain care in East", "Areas in East"],
        "zh-hans": ["East的背痛护理", "East的地区"],
        "ms": ["Rawatan sakit belakang di East", "Kawasan di East"],
        "ta": ["East இல் முதுகுவலிப் பராமரிப்பு", "East இல் உள்ள பகுதிகள்"],
    },
    "/providers/?q=acupuncture": {
        "en": ["Best match: where your words match best first"],
        "zh-hans": ["最佳匹配：与您的搜索词最匹配的排在前面"],
        "ms": ["Padanan terbaik: yang paling sepadan dengan perkataan anda dahulu"],
        "ta": ["சிறந்த பொருத்தம்: உங்கள் சொற்களுடன் மிகவும் பொருந்துபவை முதலில்"],
    },
}

# The profile's English headings and labels, none of which a translated profile shows.
PROFILE_ENGLISH = [
    "Services and prices",
    "Conditions treated",
    "and opening hours",
    "Practitioners",
    "Questions to ask before booking",
    "Send an enquiry",
    "Directions",
    "Report wrong information",
    "Acupuncture and TCM",
    "Open now",
    "Home visits",
    ">Home<",
]


def visible_text(response):
    body = response.content.decode()
    body = re.sub(r"<script.*?</script>", "", body, flags=re.S)
    return re.sub(r"\s+", " ", body)


@pytest.mark.parametrize("language", list(PREFIXES))
@pytest.mark.parametrize("page", list(KNOWN))
def test_each_page_is_in_each_language(client, directory, page, language):
    response = client.get(PREFIXES[language] + page)

    assert response.status_code == 200
    assert html_lang(response) == language
    text = visible_text(response)
    for sentence in KNOWN[page][language]:
        assert sentence in text


@pytest.mark.parametrize("language", ["zh-hans", "ms", "ta"])
def test_a_translated_profile_keeps_none_of_its_english_chrome(client, directory, language):
    text = visible_text(client.get(PREFIXES[language] + "/providers/alpha-acupuncture/"))

    assert [words for words in PROFILE_ENGLISH if words in text] == []


def test_the_opening_status_follows_the_language():
    open_now = hours.OpeningStatus(is_open=True, closes=datetime.time(21, 0))
    opens_later = hours.OpeningStatus(is_open=False, next_weekday=5, next_opens=datetime.time(9, 0))

    assert str(open_now) == "Open now · closes 21:00"
    with translation.override("zh-hans"):
        assert str(open_now) == "正在营业 · 21:00 关门"
        assert str(opens_later) == "周六 09:00 开门"
    with translation.override("ms"):
        assert str(opens_later) == "Dibuka Sab 09:00"


def test_kinds_are_named_in_the_pages_language_and_kept_english_for_search(directory):
    with translation.override("ta"):
        assert str(ProviderKind.PHYSIOTHERAPY.label) == "இயன்முறை மருத்துவம்"
        assert directory.alpha.get_kind_display() != "Acupuncture and TCM"
    assert ProviderKind.PHYSIOTHERAPY.label == "Physiotherapy"


def test_a_weekday_filter_keeps_its_english_address_in_chinese(client, directory):
    response = client.get("/zh-hans/providers/", {"open_on": "saturday"})
    text = visible_text(response)

    assert response.status_code == 200
    assert "星期六营业" in text
    assert "Alpha Acupuncture" in text
    assert "Bravo Massage" not in text


@pytest.fixture
def article(db):
    from tests.articles.factories import ArticleFactory, AuthorFactory

    return ArticleFactory(
        slug="what-helps",
        shows_red_flags=True,
        medical_reviewer=AuthorFactory(name="Dr. B. Sample", slug="dr-b-sample"),
        body="# One\n\n" + "word " * 450,
    )


# The article pages' and the privacy page's own words (an article's body is its author's).
ARTICLE_PAGES = {
    "/articles/what-helps/": {
        "en": ["General information, not medical advice.", "See a doctor at once if…"],
        "zh-hans": ["一般信息，并非医疗建议。", "出现以下情况请立即就医…", "无法控制排尿或排便"],
        "ms": ["Maklumat am, bukan nasihat perubatan.", "Segera berjumpa doktor jika…"],
        "ta": ["பொதுவான தகவல், மருத்துவ ஆலோசனை அல்ல.", "உடனே மருத்துவரைப் பாருங்கள்"],
    },
    "/articles/": {
        "en": ["Articles about back pain", "3 min read"],
        "zh-hans": ["关于背痛的文章", "阅读约 3 分钟"],
        "ms": ["Artikel tentang sakit belakang", "Bacaan 3 minit"],
        "ta": ["முதுகுவலி பற்றிய கட்டுரைகள்", "3 நிமிட வாசிப்பு"],
    },
    "/articles/authors/dr-b-sample/": {
        "en": ["Articles medically reviewed by Dr. B. Sample"],
        "zh-hans": ["经Dr. B. Sample医学审阅的文章"],
        "ms": ["Artikel yang disemak dari segi perubatan oleh Dr. B. Sample"],
        "ta": ["Dr. B. Sample மருத்துவ ரீதியாக மதிப்பாய்வு செய்த கட்டுரைகள்"],
    },
    "/privacy/": {
        "en": ["When you contact a clinic"],
        "zh-hans": ["当您联系诊所时", "您的权利"],
        "ms": ["Apabila anda menghubungi klinik", "Hak anda"],
        "ta": ["நீங்கள் ஒரு மருத்துவமனையைத் தொடர்புகொள்ளும்போது"],
    },
}


@pytest.mark.parametrize("language", list(PREFIXES))
@pytest.mark.parametrize("page", list(ARTICLE_PAGES))
def test_each_article_page_and_the_privacy_page_is_in_each_language(
    client, article, page, language
):
    response = client.get(PREFIXES[language] + page)

    assert response.status_code == 200
    assert html_lang(response) == language
    text = visible_text(response)
    for sentence in ARTICLE_PAGES[page][language]:
        assert sentence in text


def test_an_expired_form_is_explained_in_the_pages_language(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/ms/accounts/login/", {"username": "x"})

    assert response.status_code == 403
    assert html_lang(response) == "ms"
    assert "Borang ini telah tamat tempoh" in response.content.decode()
