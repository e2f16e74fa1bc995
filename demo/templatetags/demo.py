from django import template

from demo import accounts

register = template.Library()


@register.inclusion_tag("demo/accounts_note.html")
def demo_accounts_note():
    """The demo accounts and their password, on the login page while DEBUG is on."""
    return {"accounts": accounts.shown(), "password": accounts.PASSWORD}
