"""
The directory's filters: one FilterSet that every list of providers goes through.

The home page's search form, the directory, the landing pages and (later) an article's
"Find care for this" all build a ProviderFilter from GET-style data; it validates each
parameter on its own, applies the ones it could use through named QuerySet methods, and
reports the rest on the page instead of failing.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.conf import settings
from django.utils.http import urlencode

from providers import search
from providers.models import Gender, Provider, ProviderKind
from providers.vocabulary import Vocabulary


class Checkbox(forms.CheckboxInput):
    """A tick box that also reads the usual ways of writing "no" in a URL as unticked."""

    UNTICKED = {"", "0", "false", "off", "no"}

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str):
            return value.strip().lower() not in self.UNTICKED
        return bool(value)


class SortChoices:
    NAME = "name"
    choices = [(NAME, "Name (A–Z)")]


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="What",
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "A treatment, condition or clinic name"}
        ),
    )
    kind = django_filters.MultipleChoiceFilter(
        label="Kind of care", choices=ProviderKind.choices, widget=forms.CheckboxSelectMultiple
    )
    service = django_filters.MultipleChoiceFilter(
        label="Treatment offered (any of)", widget=forms.CheckboxSelectMultiple
    )
    condition = django_filters.MultipleChoiceFilter(
        label="Condition treated (any of)", widget=forms.CheckboxSelectMultiple
    )
    area = django_filters.ChoiceFilter(label="Region or area", empty_label="Anywhere")
    language = django_filters.MultipleChoiceFilter(
        label="Language", widget=forms.CheckboxSelectMultiple
    )
    gender = django_filters.MultipleChoiceFilter(
        label="Practitioner gender", choices=Gender.choices, widget=forms.CheckboxSelectMultiple
    )
    price_max = django_filters.NumberFilter(
        label="Highest price",
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "decimal"}),
    )
    home_visits = django_filters.BooleanFilter(label="Home visits", widget=Checkbox)
    accessible = django_filters.BooleanFilter(label="Wheelchair accessible", widget=Checkbox)
    verified = django_filters.BooleanFilter(label="Verified only", widget=Checkbox)
    open_now = django_filters.BooleanFilter(label="Open now", widget=Checkbox)
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SortChoices.choices, empty_label=None
    )

    # The order filters appear in as chips, and their labels there.
    CHIP_LABELS = {
        "home_visits": "Home visits",
        "accessible": "Wheelchair accessible",
        "verified": "Verified only",
        "open_now": "Open now",
    }

    class Meta:
        model = Provider
        fields = []

    def __init__(self, data=None, *args, vocabulary=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.vocabulary = vocabulary or Vocabulary.load()
        v = self.vocabulary
        self.filters["service"].extra["choices"] = v.choices(v.services)
        self.filters["condition"].extra["choices"] = v.choices(v.conditions)
        self.filters["language"].extra["choices"] = v.choices(v.languages)
        self.filters["area"].extra["choices"] = v.area_choices()

    def filter_queryset(self, queryset):
        """Apply every parameter that validated; the others are reported by the form."""
        data = self.form.cleaned_data
        v = self.vocabulary
        if data.get("q"):
            queryset = search.matching(queryset, data["q"])
        if data.get("kind"):
            queryset = queryset.of_kind(data["kind"])
        service_ids = v.ids(v.services, data.get("service") or [])
        price_max = data.get("price_max")
        if service_ids or price_max is not None:
            queryset = queryset.offering(service_ids, price_max=price_max)
        if data.get("condition"):
            queryset = queryset.treating(v.ids(v.conditions, data["condition"]))
        if data.get("area"):
            queryset = queryset.in_areas(v.area_ids(data["area"]))
        if data.get("language"):
            queryset = queryset.speaking(v.ids(v.languages, data["language"]))
        if data.get("gender"):
            queryset = queryset.with_practitioner_gender(data["gender"])
        if data.get("home_visits"):
            queryset = queryset.filter(home_visits=True)
        if data.get("accessible"):
            queryset = queryset.filter(wheelchair_accessible=True)
        if data.get("verified"):
            queryset = queryset.verified()
        if data.get("open_now"):
            queryset = queryset.open_now()
        return queryset.order_by("name", "pk")

    @property
    def unusable(self):
        """(label, message) for each parameter that could not be used."""
        form = self.form
        return [
            (form.fields[name].label if name in form.fields else name, " ".join(errors))
            for name, errors in form.errors.items()
        ]

    def chips(self):
        """
        One chip per active filter value: its label and the address of the same search
        without it. Page numbers are dropped, as the result set changes.
        """
        if not self.is_bound:
            return []
        data = self.form.cleaned_data
        v = self.vocabulary
        names = {
            "kind": dict(ProviderKind.choices),
            "service": dict(v.choices(v.services)),
            "condition": dict(v.choices(v.conditions)),
            "language": dict(v.choices(v.languages)),
            "gender": dict(Gender.choices),
        }
        chips = []

        def without(name, value=None):
            params = []
            for key, values in self.data.lists():
                if key == "page":
                    continue
                for item in values:
                    if key == name and (value is None or item == value):
                        continue
                    params.append((key, item))
            return "?" + urlencode(params) if params else "?"

        if data.get("q"):
            chips.append((f"“{data['q']}”", without("q")))
        for name, labels in names.items():
            for value in data.get(name) or []:
                chips.append((labels.get(value, value), without(name, value)))
        if data.get("area"):
            chips.append((v.name_of(v.areas, data["area"]), without("area")))
        if data.get("price_max") is not None:
            chips.append(
                (f"Up to {settings.CURRENCY} {data['price_max']:,.0f}", without("price_max"))
            )
        for name, label in self.CHIP_LABELS.items():
            if data.get(name):
                chips.append((label, without(name)))
        return chips
