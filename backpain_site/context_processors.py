from django.conf import settings

from markets import market


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "market": market.current()}
