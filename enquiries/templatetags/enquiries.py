"""How a profile offers the patient ways to reach the clinic (templates/enquiries/*.html)."""

from django import template

from enquiries.models import takes_enquiries

register = template.Library()


@register.inclusion_tag("enquiries/contact_actions.html")
def contact_actions(provider, branch=None):
    """
    The profile's first-screen actions (enquire, call back, book, call, WhatsApp) and the bar
    that stays at the bottom of a phone's screen, with the script that counts the view.
    """
    return {
        "provider": provider,
        "branch": branch,
        "takes_enquiries": takes_enquiries(provider),
    }
