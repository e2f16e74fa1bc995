"""
The directory's filters: one FilterSet that every list of providers goes through.

The home page's search form, the directory and the landing pages build a ProviderFilter from
GET-style data; it validates each parameter on its own and turns the ones it could use into a
DirectorySearch (providers.directory), reporting the rest on the page instead of failing.
The form is shown by templates/providers/filter_form.jinja.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import django_filters
from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from markets import market
from providers import counts, places, search
from providers.directory import (
    DEFAULT_RADIUS_KM,
    DISTANCE,
    MAX_RADIUS_KM,
    NAME,
    PRICE,
    RELEVANCE,
    DirectorySearch,
)
from providers.models import Gender, Provider, ProviderKind, Weekday
from providers.vocabulary import Vocabulary

# Weekdays as they appear in addresses: ?open_on=saturday&open_on=sunday.
# The values stay English whatever the page's language; the labels are translated.
WEEKDAYS = [(day.name.lower(), day.label) for day in Weekday]
WEEKDAY_NUMBERS = {day.name.lower(): day.value for day in Weekday}


class Checkbox(forms.CheckboxInput):
    """A tick box that also reads the usual ways of writing "no" in a URL as unticked."""

    UNTICKED = {"", "0", "false", "off", "no"}

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str):
            return value.strip().lower() not in self.UNTICKED
        return bool(value)


SORT_CHOICES = [
    (RELEVANCE, _("Best match")),
    (DISTANCE, _("Nearest")),
    (PRICE, _("Lowest price")),
    (NAME, _("Name (A–Z)")),
]


@dataclass(frozen=True)
class Option:
    """One tick box of a filter: its place among the filter's choices (for its id), value and
    label, whether it is ticked, and how many of the search's providers it would find."""

    index: int
    value: str
    label: str
    chosen: bool
    count: int | None = None


@dataclass(frozen=True)
class OptionList:
    """A filter's tick boxes: those shown at once, and the rest behind "Show all"."""

    shown: list
    more: list
    more_label: str = ""  # "Show all %(count)s treatments"


# A list longer than this shows its MOST_USED options (the ones most listings have, and any
# ticked), and the rest behind "Show all": a phone would otherwise scroll past dozens.
LONG_LIST = 10
MOST_USED = 6
MORE_LABELS = {
    "service": _("Show all %(count)s treatments"),
    "condition": _("Show all %(count)s conditions"),
    "language": _("Show all %(count)s languages"),
}
# Filters whose options are vocabulary terms: their counts are kept by id.
TERM_FILTERS = {"service": "services", "condition": "conditions", "language": "languages"}


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("What"), max_length=200)
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind of care"), choices=ProviderKind.choices, widget=forms.CheckboxSelectMultiple
    )
    service = django_filters.MultipleChoiceFilter(
        label=_("Treatment offered (any of)"), widget=forms.CheckboxSelectMultiple
    )
    condition = django_filters.MultipleChoiceFilter(
        label=_("Condition treated (any of)"), widget=forms.CheckboxSelectMultiple
    )
    near = django_filters.CharFilter(
        label=_("Where"),
        max_length=100,
        help_text=_("A postal code, an area, a station or a landmark, or your location."),
    )
    radius = django_filters.NumberFilter(
        label=_("Within (km)"), min_value=1, max_value=MAX_RADIUS_KM, decimal_places=0
    )
    area = django_filters.ChoiceFilter(label=_("Region or area"), empty_label=_("Anywhere"))
    language = django_filters.MultipleChoiceFilter(
        label=_("Language"), widget=forms.CheckboxSelectMultiple
    )
    gender = django_filters.MultipleChoiceFilter(
        label=_("Practitioner gender"), choices=Gender.choices, widget=forms.CheckboxSelectMultiple
    )
    price_max = django_filters.NumberFilter(
        label=_("Highest price"),
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        decimal_places=2,
    )
    home_visits = django_filters.BooleanFilter(label=_("Home visits"), widget=Checkbox)
    accessible = django_filters.BooleanFilter(label=_("Wheelchair accessible"), widget=Checkbox)
    verified = django_filters.BooleanFilter(label=_("Verified only"), widget=Checkbox)
    open_now = django_filters.BooleanFilter(label=_("Open now"), widget=Checkbox)
    open_on = django_filters.MultipleChoiceFilter(
        label=_("Open on (any of)"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    open_after = django_filters.TimeFilter(label=_("Open after"), input_formats=["%H:%M"])
    open_before = django_filters.TimeFilter(label=_("Open before"), input_formats=["%H:%M"])
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, empty_label=None)
    # "Search for … as typed": the words without reading a misspelling as the word it is close to.
    as_typed = django_filters.BooleanFilter(label=_("Only the words as typed"))

    # The order filters appear in as chips, and their labels there.
    CHIP_LABELS = {
        "home_visits": _("Home visits"),
        "accessible": _("Wheelchair accessible"),
        "verified": _("Verified only"),
        "open_now": _("Open now"),
    }

    class Meta:
        model = Provider
        fields = []

    def __init__(self, data=None, *args, vocabulary=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.vocabulary = vocabulary or Vocabulary.current()
        # What "Where" may have meant, when it could not be read (places.PlaceError).
        self.suggested_places = []
        # Callables (which Django's choice fields accept), so that the form's copy of each field
        # reads the vocabulary's choices instead of copying some 250 of them on every page.
        for name in self.vocabulary.filter_choices:
            self.filters[name].extra["choices"] = partial(self.vocabulary.filter_choices.get, name)

    def filter_queryset(self, queryset):
        return self.search.providers(queryset)

    @property
    def search(self):
        """The DirectorySearch the valid parameters describe (the others are reported)."""
        if not hasattr(self, "_search"):
            self._search = self._build_search()
        return self._search

    def _build_search(self):
        data = {}
        if self.is_bound:
            self.form.is_valid()  # each parameter on its own: the others are still used
            data = self.form.cleaned_data
        v = self.vocabulary
        text = data.get("q") or ""
        query = search.parse(text, v.synonym_map(), None if data.get("as_typed") else v.words)
        place = self._place(data)
        weekdays, after, before = self._opening_times(data)
        return DirectorySearch(
            text=text,
            query=query,
            kinds=tuple(data.get("kind") or ()),
            service_ids=tuple(v.ids(v.services, data.get("service") or [])),
            condition_ids=tuple(v.ids(v.conditions, data.get("condition") or [])),
            language_ids=tuple(v.ids(v.languages, data.get("language") or [])),
            area_ids=tuple(v.area_ids(data["area"])) if data.get("area") else (),
            genders=tuple(data.get("gender") or ()),
            price_max=data.get("price_max"),
            home_visits=bool(data.get("home_visits")),
            accessible=bool(data.get("accessible")),
            verified=bool(data.get("verified")),
            open_at=timezone.now() if data.get("open_now") else None,
            open_on=tuple(weekdays),
            open_after=after,
            open_before=before,
            place=place,
            radius_km=self.radius_km,
            order=self._order(data, place),
        )

    @property
    def radius_km(self):
        radius = getattr(self.form, "cleaned_data", {}).get("radius")
        return int(radius) if radius is not None else DEFAULT_RADIUS_KM

    @property
    def place(self):
        return self.search.place

    @property
    def sorted_by(self):
        return self.search.order

    def _place(self, data):
        if not data.get("near"):
            return None
        try:
            return places.resolve(data["near"], self.vocabulary)
        except places.PlaceError as error:
            self.form.add_error("near", str(error))
            self.suggested_places = error.suggestions
            return None

    def _opening_times(self, data):
        weekdays = [WEEKDAY_NUMBERS[day] for day in data.get("open_on") or []]
        after, before = data.get("open_after"), data.get("open_before")
        if after is not None and before is not None and after >= before:
            self.form.add_error(
                "open_before",
                _(
                    "“Open after” (%(after)s) must be earlier than “open before” (%(before)s) "
                    "on the same day."
                )
                % {"after": f"{after:%H:%M}", "before": f"{before:%H:%M}"},
            )
            after = before = None
        if before is not None and before.hour == before.minute == 0:
            self.form.add_error("open_before", _("Nothing is open before 00:00; try a later time."))
            before = None
        return weekdays, after, before

    def _order(self, data, place):
        sort = data.get("sort") or ""
        if sort == DISTANCE and not place:
            if self.is_bound and self.data.get("sort") and not self.form.errors.get("near"):
                self.form.add_error("sort", _("Nearest first needs a place in “Where”."))
            sort = ""
        if sort == PRICE and not data.get("service"):
            if not self.form.errors.get("service"):
                self.form.add_error(
                    "sort", _("Lowest price needs a treatment chosen: prices are per treatment.")
                )
            sort = ""
        # With a place and no other order asked for, the nearest come first: that is what
        # "near Bishan" asks for.
        return sort or (DISTANCE if place else RELEVANCE)

    def kept_parameters(self, *dropped):
        """
        This search's (name, value) pairs, as addresses built from it keep them: without the
        page number (the results change) and without the `dropped` names.
        """
        return [
            (key, item)
            for key, values in self.data.lists()
            if key != "page" and key not in dropped
            for item in values
        ]

    def sort_options(self):
        """
        (label, address, current) for each order the results can be put in, for links above
        them; "Nearest" only when there is a place to be near, "Lowest price" only when a
        treatment is chosen (a price is a treatment's). Page numbers are dropped.
        """
        current = self.search.order
        params = self.kept_parameters("sort")
        return [
            (label, "?" + urlencode([*params, ("sort", value)]), value == current)
            for value, label in SORT_CHOICES
            if (value != DISTANCE or self.search.place)
            and (value != PRICE or self.search.service_ids)
        ]

    def option_lists(self, option_counts=None):
        """
        {filter name: OptionList} for the tick-box filters, each option with how many providers
        it would find among the search's (`option_counts`, from Results.option_counts; no
        counts when None). Long lists show their most used options first.
        """
        usage = counts.options()
        lists = {}
        for name in ("kind", "service", "condition", "language", "gender", "open_on"):
            field = self.form[name]
            chosen = {str(value) for value in (field.value() or [])}
            by_value = self._by_value(name, usage)
            # A filter with a box ticked is left uncounted: its options widen the search ("any
            # of"), so how many of these results have another one would mislead.
            counted = None
            if option_counts is not None and name in counts.OPTION_FILTERS and not chosen:
                counted = self._by_value(name, option_counts)
            options = [
                Option(
                    index,
                    str(value),
                    label,
                    str(value) in chosen,
                    None if counted is None else counted.get(str(value), 0),
                )
                for index, (value, label) in enumerate(field.field.choices)
            ]
            if len(options) <= LONG_LIST:
                lists[name] = OptionList(options, [])
                continue
            most_used = sorted(options, key=lambda o: -by_value.get(o.value, 0))[:MOST_USED]
            shown = {o.value for o in most_used} | chosen
            lists[name] = OptionList(
                sorted(
                    (o for o in options if o.value in shown),
                    key=lambda o: -by_value.get(o.value, 0),
                ),
                [o for o in options if o.value not in shown],
                MORE_LABELS.get(name, _("Show all %(count)s options")),
            )
        return lists

    def _by_value(self, name, option_counts):
        """A filter's counts by the value its tick boxes send (a term's slug, for terms)."""
        counted = (option_counts or {}).get(name, {})
        if name not in TERM_FILTERS:
            return counted
        terms = getattr(self.vocabulary, TERM_FILTERS[name])
        return {term.slug: counted.get(str(term.id), 0) for term in terms}

    @property
    def moment_key(self):
        """What else the form depends on: with "open now", the minute (its option counts)."""
        moment = self.search.open_at
        return f"{moment:%Y%m%d%H%M}" if moment else ""

    @property
    def form_key(self):
        """What the form's HTML depends on besides the vocabulary: its data but the page number."""
        return urlencode(sorted(self.kept_parameters()))

    @property
    def unusable(self):
        """(label, message) for each parameter that could not be used."""
        self.search  # noqa: B018 - building it reports what it could not use
        form = self.form
        return [
            (form.fields[name].label if name in form.fields else name, " ".join(errors))
            for name, errors in form.errors.items()
        ]

    def correction(self):
        """
        When a word typed was read as another ("acupunture" as acupuncture): the words as read,
        the words as typed, and the address of the same search without that reading.
        """
        query = self.search.query
        if not query.corrections:
            return None
        params = self.kept_parameters("as_typed")
        return {
            "read": " ".join(query.corrected_words()),
            "typed": " ".join(query.words),
            "as_typed_url": "?" + urlencode([*params, ("as_typed", "true")]),
        }

    def place_suggestions(self):
        """
        "Did you mean …" for a "Where" that could not be read: each suggested place's name and
        the address of the same search with it in "Where" (from the first page).
        """
        self.search  # noqa: B018 - reading "Where" is what suggests
        params = self.kept_parameters()
        return [
            (name, "?" + urlencode([(k, name if k == "near" else v) for k, v in params]))
            for name in self.suggested_places
        ]

    def chips(self):
        """
        One chip per active filter value: its label and the address of the same search
        without it. Page numbers are dropped, as the result set changes.
        """
        if not self.is_bound:
            return []
        found = self.search
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
            params = [
                (key, item)
                for key, item in self.kept_parameters()
                if key != name or (value is not None and item != value)
            ]
            return "?" + urlencode(params) if params else "?"

        if data.get("q"):
            chips.append((f"“{data['q']}”", without("q")))
        if data.get("near") and found.place:
            within = _("Within %(km)s km of %(place)s") % {
                "km": found.radius_km,
                "place": found.place.label,
            }
            chips.append((within, without("near")))
        day_labels = dict(WEEKDAYS)
        for day in data.get("open_on") or []:
            chips.append(
                (_("Open on %(day)s") % {"day": day_labels.get(day, day)}, without("open_on", day))
            )
        if data.get("open_after") is not None:
            after = _("Open after %(time)s") % {"time": f"{data['open_after']:%H:%M}"}
            chips.append((after, without("open_after")))
        if data.get("open_before") is not None:
            before = _("Open before %(time)s") % {"time": f"{data['open_before']:%H:%M}"}
            chips.append((before, without("open_before")))
        for name, options in choices.items():
            if data.get(name):
                labels = dict(options)
                for value in data[name]:
                    chips.append((labels.get(value, value), without(name, value)))
        if data.get("area"):
            chips.append((v.name_of(v.areas, data["area"]), without("area")))
        if data.get("price_max") is not None:
            chips.append(
                (
                    _("Up to %(price)s")
                    % {"price": f"{market.current().currency} {data['price_max']:,.0f}"},
                    without("price_max"),
                )
            )
        for name, label in self.CHIP_LABELS.items():
            if data.get(name):
                chips.append((label, without(name)))
        return chips
