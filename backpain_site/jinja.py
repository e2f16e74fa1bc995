"""
The Jinja2 environment of Django's Jinja2 template backend (settings.TEMPLATES), which renders
the directory's two hottest partials, its result cards and its filter form (*.jinja under
templates/); every other template is Django's. The filters are the directory's own, shared
with its Django templates. Their text is in Django's catalogues: `{{ _("…") }}`, which
`makemessages -e jinja` reads as it reads Django templates.
"""

from django.utils import translation
from jinja2 import Environment

from providers.templatetags.directory import branch_label, km, price


def environment(**options):
    env = Environment(**options)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(translation.gettext, translation.ngettext)
    env.filters.update(branch_label=branch_label, km=km, price=price)
    # A form field's choice that holds choices (an <optgroup>), where the others hold a label:
    # a string, or a translation (which Jinja's `string` test does not take for one).
    env.tests["group"] = lambda value: isinstance(value, list | tuple)
    return env
