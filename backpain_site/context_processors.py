from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from markets import market


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "market": market.current()}


@dataclass
class Translation:
    """This page in one of the site's languages, for the switcher and the hreflang links."""

    code: str
    name: str
    url: str
    current: bool

    @property
    def switch_url(self):
        """The switcher's link: the language remembered, then this page in it."""
        query = urlencode({"language": self.code, "next": self.url})
        return f"{reverse('choose_language')}?{query}"


def languages(request):
    """
    `translations`: the page being shown (with its query string) in each of settings.LANGUAGES;
    the language's home page where the address is no page (a 404). Worked out only for a
    template that shows them.
    """
    return {"translations": SimpleLazyObject(lambda: translations(request))}


def translations(request):
    current = translation.get_language()
    address = request.get_full_path()
    found = []
    for code, name in settings.LANGUAGES:
        if getattr(request, "resolver_match", None) is None:
            with translation.override(code):
                url = reverse("providers:home")
        else:
            url = translate_url(address, code)
        found.append(Translation(code, name, url, code == current))
    return found
