"""
The directory's filters: one FilterSet that every list of providers goes through.

The home page's search form, the directory, the landing pages and (later) an article's
"Find care for this" all build a ProviderFilter from GET-style data; it validates each
parameter on its own, applies the ones it could use through named QuerySet methods, and
reports the rest on the page instead of failing.
"""

import copy
from decimal import Decimal

import django_filters
from django import forms
from django.conf import settings
from django.utils.http import urlencode

from providers import geo, places, search, widgets
from providers.models import Gender, Provider, ProviderKind, Weekday
from providers.vocabulary import Vocabulary

DEFAULT_RADIUS_KM = 5
MAX_RADIUS_KM = 50
# Weekdays as they appear in addresses: ?open_on=saturday&open_on=sunday.
WEEKDAYS = [(label.lower(), label) for _value, label in Weekday.choices]
WEEKDAY_NUMBERS = {label.lower(): value for value, label in Weekday.choices}


class Checkbox(widgets.CheckboxInput):
    """A tick box that also reads the usual ways of writing "no" in a URL as unticked."""

    UNTICKED = {"", "0", "false", "off", "no"}

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str):
            return value.strip().lower() not in self.UNTICKED
        return bool(value)


class SharedChoices:
    """
    A choice field whose copies share its list of choices, and so do their widgets. Each form
    copies every field it has, and Django's choice fields copy their choices with them: the
    directory's 200 terms, on every page, although nothing changes them once the form class
    is built. One list also lets the widgets keep their HTML (widgets.PythonRendered).
    """

    def __deepcopy__(self, memo):
        copied = forms.Field.__deepcopy__(self, memo)
        copied.widget.choices = self.widget.choices
        return copied


class ChoiceField(SharedChoices, django_filters.fields.ChoiceField):
    pass


class MultipleChoiceField(SharedChoices, django_filters.fields.MultipleChoiceField):
    pass


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = ChoiceField


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = MultipleChoiceField


class FilterCopies(dict):
    """
    A FilterSet's base_filters, whose copy for each FilterSet copies every filter and its
    settings (`extra`), not everything they refer to: django-filter deep-copies them on every
    page, widgets and choices included, though only `parent`, `model` and `extra` are ever set
    on a copy.
    """

    def __deepcopy__(self, memo):
        copies = FilterCopies()
        for name, original in self.items():
            copies[name] = copy.copy(original)
            copies[name].extra = original.extra.copy()
        return copies


class SortChoices:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    NAME = "name"
    choices = [
        ("", "Best first"),
        (RELEVANCE, "Best match for your words"),
        (DISTANCE, "Nearest first"),
        (NAME, "Name (A–Z)"),
    ]


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="What",
        max_length=200,
        widget=widgets.TextInput(
            attrs={"type": "search", "placeholder": "A treatment, condition or clinic name"}
        ),
    )
    kind = MultipleChoiceFilter(
        label="Kind of care", choices=ProviderKind.choices, widget=widgets.CheckboxSelectMultiple
    )
    service = MultipleChoiceFilter(
        label="Treatment offered (any of)", widget=widgets.CheckboxSelectMultiple
    )
    condition = MultipleChoiceFilter(
        label="Condition treated (any of)", widget=widgets.CheckboxSelectMultiple
    )
    near = django_filters.CharFilter(
        label="Where",
        max_length=100,
        help_text="A postal code, an area, or your location.",
        widget=widgets.TextInput(
            attrs={"placeholder": "Postal code or area", "list": "places", "autocomplete": "off"}
        ),
    )
    radius = django_filters.NumberFilter(
        label="Within (km)",
        min_value=1,
        max_value=MAX_RADIUS_KM,
        decimal_places=0,
        widget=widgets.NumberInput(
            attrs={"min": "1", "max": str(MAX_RADIUS_KM), "step": "1", "placeholder": "5"}
        ),
    )
    area = ChoiceFilter(label="Region or area", empty_label="Anywhere", widget=widgets.Select)
    language = MultipleChoiceFilter(label="Language", widget=widgets.CheckboxSelectMultiple)
    gender = MultipleChoiceFilter(
        label="Practitioner gender", choices=Gender.choices, widget=widgets.CheckboxSelectMultiple
    )
    price_max = django_filters.NumberFilter(
        label="Highest price",
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        decimal_places=2,
        widget=widgets.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "decimal"}),
    )
    home_visits = django_filters.BooleanFilter(label="Home visits", widget=Checkbox)
    accessible = django_filters.BooleanFilter(label="Wheelchair accessible", widget=Checkbox)
    verified = django_filters.BooleanFilter(label="Verified only", widget=Checkbox)
    open_now = django_filters.BooleanFilter(label="Open now", widget=Checkbox)
    open_on = MultipleChoiceFilter(
        label="Open on (any of)", choices=WEEKDAYS, widget=widgets.CheckboxSelectMultiple
    )
    open_after = django_filters.TimeFilter(
        label="Open after",
        input_formats=["%H:%M"],
        widget=widgets.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    open_before = django_filters.TimeFilter(
        label="Open before",
        input_formats=["%H:%M"],
        widget=widgets.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    sort = ChoiceFilter(
        label="Sort by", choices=SortChoices.choices, empty_label=None, widget=widgets.Select
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
        self.vocabulary = vocabulary or Vocabulary.current()
        for name, choices in self.vocabulary.filter_choices.items():
            self.filters[name].extra["choices"] = choices

    # The form class of the current vocabulary, by its stamp (ProviderFilter.get_form_class).
    _form_classes = {}

    def get_form_class(self):
        """
        The form, built once per vocabulary (its choices come from it): django-filter builds
        a class and a field for every filter each time it is asked, a third of a millisecond
        a page. Each form still gets its own copy of the fields, as Django's forms do.
        """
        stamp = self.vocabulary.stamp
        if not stamp:  # a vocabulary made up in place, not a loaded one
            return super().get_form_class()
        form_class = self._form_classes.get(stamp)
        if form_class is None:
            form_class = super().get_form_class()
            self._form_classes.clear()
            self._form_classes[stamp] = form_class
        return form_class

    def filter_queryset(self, queryset):
        """Apply every parameter that validated; the others are reported by the form."""
        data = self.form.cleaned_data
        v = self.vocabulary
        self.query = search.parse(data.get("q") or "", v.synonym_map(), v.words)
        self.place = self._place(data)
        self.service_ids = v.ids(v.services, data.get("service") or [])
        self.area_ids = v.area_ids(data["area"]) if data.get("area") else []
        if self.place:
            queryset = queryset.near(self.place.point, self.radius_km)
        if data.get("kind"):
            queryset = queryset.of_kind(data["kind"])
        price_max = data.get("price_max")
        if self.service_ids or price_max is not None:
            queryset = queryset.offering(self.service_ids, price_max=price_max)
        if data.get("condition"):
            queryset = queryset.treating(v.ids(v.conditions, data["condition"]))
        if data.get("area"):
            queryset = queryset.in_areas(self.area_ids)
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
        queryset = self._open_during(queryset, data)
        # Last, so that PostgreSQL, which checks conditions of equal cost in the order they
        # come, tests the small filter facets before reading a row's larger search document.
        if data.get("q"):
            queryset = search.matching(queryset, self.query)
        return queryset.order_by(*self._ordering(data))

    @property
    def radius_km(self):
        radius = getattr(self.form, "cleaned_data", {}).get("radius")
        return int(radius) if radius is not None else DEFAULT_RADIUS_KM

    def _place(self, data):
        if not data.get("near"):
            return None
        try:
            return places.resolve(data["near"], self.vocabulary)
        except places.PlaceError as error:
            self.form.add_error("near", str(error))
            return None

    def _open_during(self, queryset, data):
        weekdays = [WEEKDAY_NUMBERS[day] for day in data.get("open_on") or []]
        after, before = data.get("open_after"), data.get("open_before")
        if after is not None and before is not None and after >= before:
            self.form.add_error(
                "open_before",
                f"“Open after” ({after:%H:%M}) must be earlier than “open before” "
                f"({before:%H:%M}) on the same day.",
            )
            after = before = None
        if before is not None and before.hour == before.minute == 0:
            self.form.add_error("open_before", "Nothing is open before 00:00; try a later time.")
            before = None
        if weekdays or after is not None or before is not None:
            queryset = queryset.open_during(weekdays, after, before)
        return queryset

    def _ordering(self, data):
        sort = data.get("sort") or ""
        if sort == SortChoices.DISTANCE and not self.place:
            if self.is_bound and self.data.get("sort") and not self.form.errors.get("near"):
                self.form.add_error("sort", "Nearest first needs a place in “Where”.")
            sort = ""
        if sort == SortChoices.RELEVANCE and not self.query:
            sort = ""
        if not sort:
            sort = (
                SortChoices.DISTANCE
                if self.place
                else SortChoices.RELEVANCE
                if self.query
                else SortChoices.NAME
            )
        self.sorted_by = sort
        if sort == SortChoices.DISTANCE:
            return ["distance_km", "name", "pk"]
        if sort == SortChoices.RELEVANCE:
            return ["-relevance", "name", "pk"]
        return ["name", "pk"]

    def present(self, providers):
        """
        Set what each card shows beyond the provider itself, from what for_cards annotated:
        `shown_branch` (the nearest one to the place searched, or one in the area filtered
        by), `distance_km`, and the name and description snippet with the words marked.
        """
        point = getattr(self, "place", None) and self.place.point
        area_ids = set(getattr(self, "area_ids", []))
        query = getattr(self, "query", None)
        for provider in providers:
            branches = provider.branches
            shown = branches[0] if branches else None
            provider.shown_distance_km = None
            if point:
                located = [b for b in branches if None not in (b.latitude, b.longitude)]
                if located:
                    distances = [
                        (geo.distance_km(point, geo.Point(b.latitude, b.longitude)), b)
                        for b in located
                    ]
                    provider.shown_distance_km, shown = min(distances, key=lambda d: d[0])
            elif area_ids:
                shown = next((b for b in branches if b.area_id in area_ids), shown)
            provider.shown_branch = shown
            # Set either way: a card asking for a missing attribute costs the template engine
            # an exception and a dir() of the provider.
            provider.highlighted_name = provider.snippet = ""
            if query:
                provider.highlighted_name = search.highlight(provider.name, query)
                provider.snippet = search.snippet(provider.description, query)
        return providers

    def map_markers(self, providers):
        """One marker per shown branch with a position, for the results map."""
        markers = []
        for provider in providers:
            branch = getattr(provider, "shown_branch", None)
            if branch is None or branch.latitude is None or branch.longitude is None:
                continue
            markers.append(
                {
                    "lat": branch.latitude,
                    "lng": branch.longitude,
                    "name": provider.name,
                    "branch": branch.name,
                    "url": provider.profile_url,
                }
            )
        return markers

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
        choices = {
            "kind": ProviderKind.choices,
            "service": v.filter_choices["service"],
            "condition": v.filter_choices["condition"],
            "language": v.filter_choices["language"],
            "gender": Gender.choices,
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
        if data.get("near") and getattr(self, "place", None):
            chips.append((f"Within {self.radius_km} km of {self.place.label}", without("near")))
        for day in data.get("open_on") or []:
            chips.append((f"Open on {day.capitalize()}", without("open_on", day)))
        if data.get("open_after") is not None:
            chips.append((f"Open after {data['open_after']:%H:%M}", without("open_after")))
        if data.get("open_before") is not None:
            chips.append((f"Open before {data['open_before']:%H:%M}", without("open_before")))
        for name, options in choices.items():
            if data.get(name):
                labels = dict(options)
                for value in data[name]:
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


ProviderFilter.base_filters = FilterCopies(ProviderFilter.base_filters)
