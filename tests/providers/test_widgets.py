"""
The directory form's widgets write their HTML in Python (providers/widgets.py); it must be
exactly what Django's widget templates write, so labels, ids, checked options, aria-invalid and
aria-describedby stay as they were for screen readers and axe-core.
"""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from providers import widgets
from providers.filters import ProviderFilter
from providers.widgets import field_html
from tests.factories import ServiceFactory


class TemplatesRenderer(DjangoTemplates):
    """Django's renderer under another name: the widgets then go through the templates."""


def between_tags(html):
    """HTML with the whitespace between tags, which a browser does not show, taken out."""
    return re.sub(r">\s+<", "><", html).strip()


def rendered_both_ways(form_class, *args, **kwargs):
    fast = form_class(*args, **kwargs)
    stock = form_class(*args, renderer=TemplatesRenderer(), **kwargs)
    fast.is_valid(), stock.is_valid()
    return fast, stock


class Awkward(forms.Form):
    tags = forms.MultipleChoiceField(
        choices=[
            ("a&b", "Fish & chips <b>"),
            ('say "hi"', "It's"),
            ("safe", mark_safe("<em>kept</em>")),
            ("Group <1>", [("g1", "One"), ("g2", "Two & two")]),
            (3, 3),
        ],
        widget=widgets.CheckboxSelectMultiple(attrs={"class": "grid", "data-x": True}),
        help_text="Pick some.",
    )
    place = forms.ChoiceField(
        choices=[("", "Anywhere"), ("Region <x>", [("a&b", "A & B"), ("c", "C")]), ("d", "D")],
        widget=widgets.Select(attrs={"data-flag": True, "data-off": False}),
        required=False,
    )
    text = forms.CharField(
        widget=widgets.TextInput(attrs={"placeholder": 'A "quoted" <value>'}), required=False
    )
    number = forms.DecimalField(widget=widgets.NumberInput(attrs={"step": "1"}), required=False)
    tick = forms.BooleanField(widget=widgets.CheckboxInput, required=False)
    at = forms.TimeField(widget=widgets.TimeInput(format="%H:%M"), required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"tags": ["a&b", "g2", "3"], "place": "a&b", "text": "<x> & 'y'", "number": "4.5"},
        {"tags": ["nope"], "place": "nope", "number": "many", "tick": "on", "at": "25:00"},
        {"place": "d", "tick": "on", "at": "09:30"},
    ],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_the_widgets_write_what_djangos_templates_write(data, auto_id):
    fast, stock = rendered_both_ways(Awkward, data, auto_id=auto_id)

    for name in Awkward.base_fields:
        assert str(fast[name]) == str(stock[name]), name


def test_the_checkbox_groups_options_stay_labelled_and_numbered():
    form = Awkward({"tags": ["g1"]})

    html = str(form["tags"])

    assert '<label for="id_tags_3_0"><input type="checkbox" name="tags" value="g1"' in html
    assert 'id="id_tags_3_0" checked>\n One</label>' in html
    assert "<label>Group &lt;1&gt;</label>" in html


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"service": ["acupuncture", "cupping"], "area": "east", "kind": ["massage"]},
        {"language": ["english"], "gender": ["female"], "open_on": ["saturday"]},
        {"near": "nowhere at all", "radius": "500", "price_max": "x", "area": "atlantis"},
        {"open_after": "19:00", "open_before": "09:00", "sort": "distance", "verified": "1"},
        {"q": '"<massage>"', "home_visits": "yes", "accessible": "no", "open_now": "on"},
    ],
)
def test_the_directory_form_renders_as_through_djangos_templates(directory, data):
    fast = ProviderFilter(data)
    stock = ProviderFilter(data)
    stock.form.renderer = TemplatesRenderer()
    # Filtering validates the form and adds the errors it finds on the way ("near", "open_before").
    assert list(fast.qs) == list(stock.qs)

    for name in fast.form.fields:
        assert str(fast.form[name]) == str(stock.form[name]), name
        assert render_to_string("includes/field.html", {"field": fast.form[name]}) == (
            render_to_string("includes/field.html", {"field": stock.form[name]})
        ), name
        for unit in ["", "S$ <per visit>"]:
            included = {"field": stock.form[name], "unit": unit}
            assert between_tags(field_html(fast.form[name], unit)) == between_tags(
                render_to_string("includes/field.html", included)
            ), name


def directory_checkboxes(data):
    return str(ProviderFilter(data).form["service"])


def test_the_directory_forms_kept_options_follow_what_each_page_asked_for(directory):
    # The form's copies share their choices, so a page's options are kept from the last one
    # that asked for the same thing; what one page ticked or found invalid stays its own.
    assert 'value="acupuncture" id="id_service_0" checked' in directory_checkboxes(
        {"service": ["acupuncture"]}
    )
    assert "checked" not in directory_checkboxes({})
    assert "aria-invalid" in directory_checkboxes({"service": ["nonsense"]})
    assert "aria-invalid" not in directory_checkboxes({"service": ["acupuncture"]})


def test_a_service_added_to_the_directory_is_a_filter_on_the_next_page(directory):
    assert "Tui na" not in directory_checkboxes({})

    ServiceFactory(name="Tui na", slug="tui-na")

    assert 'value="tui-na"' in directory_checkboxes({})
