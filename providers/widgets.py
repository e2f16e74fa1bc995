"""
The directory filter form's widgets, written out in Python instead of through Django's widget
templates.

Django renders a choice widget with one template for the widget, then for every option three
more (the option, the input, its attributes). The directory's form has about 200 options, and
that came to some 10 ms of every directory page. These widgets produce the same HTML, byte for
byte, from the same context (`get_context`), so ids, labels, `checked`, `aria-invalid` and
`aria-describedby` are exactly what Django would write; tests/providers/test_widgets.py
compares them with Django's own rendering.

A widget whose `template_name` was changed from its class's default, or one rendered with
another form renderer than Django's default, goes through the templates as usual.

A choice widget's HTML is also kept, by everything it is made from, while its list of choices
stays the same object (the directory's form shares one list per vocabulary between its
copies, filters.SharedChoices): most pages show most filters as they were on the last one.
"""

import html

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_filters.fields import ChoiceIterator


def escape(value):
    """
    A value as HTML text, escaped unless it is already safe: `{{ value|stringformat:"s" }}`
    in Django's widget templates, and conditional_escape() anywhere. Plain text goes straight
    to html.escape, as Django's escape() does after a lazy-string check that costs more than
    the escaping.
    """
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    """django/forms/widgets/input.html, from a widget's (or an option's) context."""
    value = widget["value"]
    value = "" if value is None else f' value="{escape(value)}"'
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}' + (
        f"{_attrs(widget['attrs'])}>"
    )


# (widget class, id of its choices, what it was rendered with) -> (choices, HTML). The entry
# holds the choices so that their id cannot be reused while it is kept.
_rendered_choices = {}
RENDERED_CHOICES_KEPT = 1000


def _memo_key(widget, name, value, attrs):
    """What a choice widget's HTML depends on, or None when it cannot be kept."""
    choices = widget.choices
    if isinstance(choices, ChoiceIterator):  # django-filter's, adding the empty choice
        choices = choices.choices
    if type(choices) is not list:  # a queryset's or a callable's: read afresh every time
        return None
    if isinstance(value, list | tuple):
        value = tuple(value)
    key = (
        type(widget),
        id(widget.choices),
        name,
        value,
        tuple(widget.attrs.items()),
        tuple((attrs or {}).items()),
        widget.is_required,
    )
    try:
        hash(key)
    except TypeError:  # an attribute or value that cannot be a key
        return None
    return key


class PythonRendered:
    """Render through `html(context)` when the widget still uses its class's template."""

    def html(self, widget):
        raise NotImplementedError

    def render(self, name, value, attrs=None, renderer=None):
        # The first Django widget class this one is made from names the stock template.
        django_widget = next(
            base
            for base in type(self).__mro__
            if issubclass(base, forms.Widget) and not issubclass(base, PythonRendered)
        )
        stock_renderer = type(renderer or get_default_renderer()) is DjangoTemplates
        if (
            self.template_name != django_widget.template_name
            or getattr(self, "option_template_name", None)
            != getattr(django_widget, "option_template_name", None)
            or not stock_renderer
        ):
            return super().render(name, value, attrs, renderer)
        key = _memo_key(self, name, value, attrs) if hasattr(self, "choices") else None
        if key is None:
            return mark_safe(self.html(self.get_context(name, value, attrs)["widget"]))
        kept = _rendered_choices.get(key)
        if kept is None or kept[0] is not self.choices:
            kept = (self.choices, self.html(self.get_context(name, value, attrs)["widget"]))
            if len(_rendered_choices) >= RENDERED_CHOICES_KEPT:
                _rendered_choices.clear()
            _rendered_choices[key] = kept
        return mark_safe(kept[1])


class PythonRenderedInput(PythonRendered):
    def html(self, widget):
        return _input(widget)


class TextInput(PythonRenderedInput, forms.TextInput):
    pass


class NumberInput(PythonRenderedInput, forms.NumberInput):
    pass


class TimeInput(PythonRenderedInput, forms.TimeInput):
    pass


class CheckboxInput(PythonRenderedInput, forms.CheckboxInput):
    pass


class Select(PythonRendered, forms.Select):
    """django/forms/widgets/select.html and select_option.html."""

    def html(self, widget):
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


class CheckboxSelectMultiple(PythonRendered, forms.CheckboxSelectMultiple):
    """django/forms/widgets/multiple_input.html, input_option.html and input.html."""

    def html(self, widget):
        attrs = widget["attrs"]
        parts = ["<div"]
        if attrs.get("id"):
            parts.append(f' id="{escape(attrs["id"])}"')
        if attrs.get("class"):
            parts.append(f' class="{escape(attrs["class"])}"')
        parts.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{escape(group)}</label>")
            for option in options:
                parts.append("<div>\n    ")
                option_id = option["attrs"].get("id")
                if option["wrap_label"]:
                    parts.append(f'<label for="{escape(option_id)}">' if option_id else "<label>")
                parts.append(_input(option))
                # input.html ends with a line break, input_option.html and checkbox_option.html
                # with one each.
                if option["wrap_label"]:
                    parts.append(f"\n {escape(option['label'])}</label>\n\n</div>")
                else:
                    parts.append("\n\n\n</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return "".join(parts)


def field_html(field, unit=""):
    """
    includes/field.html for a bound field of the directory's form, written out in Python:
    the form has eighteen, and including that template for each took a millisecond a page.
    The same elements, attributes and text; only the whitespace between tags differs.
    """
    errors = f"\n{field.errors}" if field.errors else ""
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{escape(described)}"' if described else ""
        return (
            f'<fieldset class="field field--group"{described}>\n'
            f"<legend>{escape(field.label)}</legend>{errors}\n{field}\n</fieldset>"
        )
    label = f'<label for="{escape(field.id_for_label)}">{escape(field.label)}'
    if field.widget_type == "checkbox":
        return f'<div class="field field--check">\n{field}\n{label}</label>{errors}\n</div>'
    if unit:
        label += f" ({escape(unit)})"
    help_text = ""
    if field.help_text:
        help_text = (
            f'\n<p class="help" id="{escape(field.auto_id)}_helptext">{escape(field.help_text)}</p>'
        )
    return f'<div class="field">\n{label}</label>{help_text}{errors}\n{field}\n</div>'
