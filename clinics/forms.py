"""
The forms clinic staff fill in at /manage/. Every choice of a related row is scoped to the
provider it belongs to.
"""

import datetime
from functools import partial

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.db import models, transaction
from django.utils import timezone

from clinics import tasks
from clinics.guards import STALE_MESSAGE, SubmissionKeyField, new_submission_key
from clinics.models import ClaimRequest, MembershipRole
from markets import market
from providers import images
from providers.models import (
    Area,
    Credential,
    Location,
    OpeningException,
    Photo,
    Practitioner,
    Provider,
    ProviderService,
    Weekday,
)
from providers.tasks import queue

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MINUTES_A_DAY = 24 * 60
MINUTES_A_WEEK = 7 * MINUTES_A_DAY


class OnceForm(forms.Form):
    """Mixin: a hidden one-time key, so that posting the same form twice creates one row."""

    submission_key = SubmissionKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = new_submission_key()


class VersionedModelForm(forms.ModelForm):
    """
    A ModelForm that remembers which version of the object it was opened at (`version_of`
    gives the current one) and refuses to overwrite a newer one.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current_version="", **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        if not self.is_bound:
            self.initial["version"] = current_version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != self.current_version:
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


class PhoneNumbersMixin:
    """
    The phone fields named in `phone_fields` take a local number as readily as an international
    one: a local number is stored with the market's calling code, written as people write it.
    """

    phone_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        example = market.current().phone.international_example
        for name in self.phone_fields:
            field = self.fields[name]
            field.widget.input_type = "tel"
            field.widget.attrs["autocomplete"] = "tel"
            field.help_text = (
                f"For example {example}. A number from abroad starts with + and its country code."
            )

    def clean(self):
        cleaned = super().clean()
        for name in self.phone_fields:
            if name in cleaned:
                cleaned[name] = market.current().phone.international(cleaned[name])
        return cleaned


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class ProviderForm(PhoneNumbersMixin, VersionedModelForm):
    phone_fields = ("phone", "whatsapp")

    class Meta:
        model = Provider
        fields = [
            "name",
            "kind",
            "description",
            "website",
            "email",
            "phone",
            "whatsapp",
            "booking_url",
            "languages",
            "conditions",
            "accepting_new_patients",
            "video_consultations",
            "home_visits",
            "wheelchair_accessible",
            "accessibility_notes",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "conditions": forms.CheckboxSelectMultiple,
        }
        # A website typed without a scheme means https:// (Django 6's default, asked for now).
        formfield_callback = _https_by_default


class LocationForm(PhoneNumbersMixin, OnceForm, VersionedModelForm):
    phone_fields = ("phone",)

    class Meta:
        model = Location
        fields = ["name", "address", "postal_code", "area", "phone"]
        help_texts = {"postal_code": "The branch's postal code.", "area": "The area it is in."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.subareas().select_related("parent")


def _span(weekday, opens, closes):
    """An interval as minutes from Monday 00:00: (start, end), end past start."""
    start = weekday * MINUTES_A_DAY + opens.hour * 60 + opens.minute
    length = (closes.hour * 60 + closes.minute - opens.hour * 60 - opens.minute) % MINUTES_A_DAY
    return start, start + (length or MINUTES_A_DAY)


def overlapping(spans):
    """Pairs of indexes of spans that overlap on the week's circle."""
    found = []
    for i, (a_start, a_end) in enumerate(spans):
        for j in range(i + 1, len(spans)):
            b_start, b_end = spans[j]
            for shift in (-MINUTES_A_WEEK, 0, MINUTES_A_WEEK):
                if a_start < b_end + shift and b_start + shift < a_end:
                    found.append((i, j))
                    break
    return found


class IntervalForm(forms.Form):
    """One interval of a day in the week grid; both times blank means no interval."""

    opens = forms.TimeField(required=False, widget=TIME_WIDGET)
    closes = forms.TimeField(required=False, widget=TIME_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The grid shows an interval's errors above its two times, as wide as both.
        for field in self.fields.values():
            field.widget.attrs["aria-describedby"] = self.errors_id

    @property
    def errors_id(self):
        return f"{self.prefix}-errors"

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if self.errors:
            return cleaned
        if opens is None and closes is not None:
            self.add_error("opens", "Give the opening time too, or clear the closing time.")
        elif closes is None and opens is not None:
            self.add_error("closes", "Give the closing time too, or clear the opening time.")
        elif opens is not None and opens == closes and opens != datetime.time(0, 0):
            self.add_error(
                "closes",
                "The closing time equals the opening time. For open all day, use 00:00 to 00:00.",
            )
        return cleaned

    @property
    def interval(self):
        """(opens, closes) once valid, None for a blank pair."""
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("opens") is None or data.get("closes") is None:
            return None
        return data["opens"], data["closes"]


def _as_typed(value):
    """A time field's value as its input shows it: a bound form's text, or an initial time."""
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return (value or "").strip()


# A day's intervals, with one blank pair more for a new one; at most eight a day.
DayFormSet = forms.formset_factory(IntervalForm, extra=1, max_num=8, validate_max=True)


class WeekHoursForm:
    """
    A branch's week as a grid: one formset of intervals per weekday (prefixes "monday" …
    "sunday"), validated together, since an interval past midnight can overlap the next
    day's first one. Not a Django form itself: it groups seven formsets, each with its
    own management form, so that a day's intervals stay together without JavaScript.
    """

    def __init__(self, data=None, week=None):
        """`week`: {weekday: [(opens, closes), ...]} shown when unbound."""
        week = week or {}
        self.days = [
            (
                day,
                DayFormSet(
                    data,
                    prefix=day.name.lower(),
                    initial=[{"opens": o, "closes": c} for o, c in week.get(day.value, [])],
                ),
            )
            for day in Weekday
        ]

    def rows(self):
        """(weekday, formset, closed) for the template: closed when no time is given."""
        typed = self.as_typed()
        return [(day, formset, not typed.get(day.value)) for day, formset in self.days]

    def day(self, name):
        return next(formset for day, formset in self.days if day.name.lower() == name)

    def is_valid(self):
        # Every day is checked, so that every error shows at once.
        invalid = [day for day, formset in self.days if not formset.is_valid()]
        if invalid:
            return False
        kept = [
            (day, form, form.interval)
            for day, formset in self.days
            for form in formset.forms
            if form.interval
        ]
        spans = [_span(day.value, *interval) for day, _, interval in kept]
        for i, j in overlapping(spans):
            for mine, other in ((i, j), (j, i)):
                day, _, (opens, closes) = kept[other]
                kept[mine][1].add_error(
                    "opens",
                    f"This interval overlaps {day.label}’s {opens:%H:%M}–{closes:%H:%M}. "
                    "Merge them into one.",
                )
        return not any(self.errors_by_day().values())

    def errors_by_day(self):
        return {day: formset.total_error_count() for day, formset in self.days if formset.is_bound}

    def has_errors(self):
        return any(self.errors_by_day().values())

    def week(self):
        """{weekday: [(opens, closes), ...]} of the valid intervals typed, in order."""
        return {day.value: self.week_of(day) for day, _ in self.days}

    def week_of(self, day):
        """One valid day's intervals, in order."""
        formset = self.days[day.value][1]
        return sorted(form.interval for form in formset.forms if form.interval)

    def as_typed(self):
        """{weekday: [(opens, closes), ...]} as the browser sent them, blank pairs left out."""
        week = {}
        for day, formset in self.days:
            for form in formset.forms:
                typed = (_as_typed(form["opens"].value()), _as_typed(form["closes"].value()))
                if any(typed):
                    week.setdefault(day.value, []).append(typed)
        return week


class OpeningExceptionForm(OnceForm, forms.ModelForm):
    class Meta:
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "reason"]
        widgets = {"date": DATE_WIDGET, "opens": TIME_WIDGET, "closes": TIME_WIDGET}

    def __init__(self, *args, location, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = location
        self.instance.location = location

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date < today:
            raise forms.ValidationError("This date has passed. Choose today or a later day.")
        if date > today + datetime.timedelta(days=2 * 366):
            raise forms.ValidationError("Choose a date within the next two years.")
        return date

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        if cleaned.get("closed"):
            cleaned["opens"] = cleaned["closes"] = None
        # Hours missing for special hours are refused by the model (OpeningException.clean).
        if (
            date is None
            or self.errors
            or not cleaned.get("closed")
            and None
            in (
                cleaned.get("opens"),
                cleaned.get("closes"),
            )
        ):
            return cleaned
        same_day = self.location.exceptions.filter(date=date)
        if cleaned.get("closed") and same_day.exists():
            raise forms.ValidationError(
                f"There is already an exception on {date:%d %b %Y}. Delete it first."
            )
        if not cleaned.get("closed"):
            if same_day.filter(closed=True).exists():
                raise forms.ValidationError(
                    f"The branch is already closed on {date:%d %b %Y}. Delete that first."
                )
            new = _span(0, cleaned["opens"], cleaned["closes"])
            if any(overlapping([new, _span(0, e.opens, e.closes)]) for e in same_day):
                self.add_error("opens", "These hours overlap special hours already given.")
        return cleaned


class ClosuresForm(OnceForm):
    """
    Closures of several branches at once: the market's public holidays ticked, and/or a day or
    a run of days typed. A branch that already has an exception on a day keeps it.
    """

    MAX_DAYS = 31  # a run of days longer than a month is rather a branch closing for good

    branches = forms.ModelMultipleChoiceField(
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one branch."},
        help_text="Every branch is ticked; untick those that stay open.",
    )
    holidays = forms.MultipleChoiceField(
        label="Public holidays",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_day = forms.DateField(label="Closed from", required=False, widget=DATE_WIDGET)
    last_day = forms.DateField(
        label="Closed until",
        required=False,
        widget=DATE_WIDGET,
        help_text=f"The last day closed. Leave it empty to close one day; at most {MAX_DAYS} days.",
    )
    reason = forms.CharField(
        max_length=100,
        required=False,
        help_text="Shown to patients, such as “Staff training”. A public holiday is named for you.",
    )

    def __init__(self, *args, provider, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        branches = Location.objects.filter(provider=provider)
        self.fields["branches"].queryset = branches
        # A branch by its own name: the listing's name is the page's.
        self.fields["branches"].label_from_instance = lambda branch: branch.name
        if not self.is_bound:
            self.initial["branches"] = list(branches.values_list("pk", flat=True))
        self.holidays = {
            holiday.date: holiday.name for holiday in market.current().holidays_from(today)
        }
        entered = {}
        for day, name in OpeningException.objects.filter(
            location__provider=provider, date__in=list(self.holidays)
        ).values_list("date", "location__name"):
            entered.setdefault(day, set()).add(name)
        self.fields["holidays"].choices = [
            (day.isoformat(), self.holiday_label(day, name, entered.get(day)))
            for day, name in self.holidays.items()
        ]
        self.entered = entered

    @staticmethod
    def holiday_label(day, name, entered):
        label = f"{day:%a} {day.day} {day:%b %Y}: {name}"
        if entered:
            label += f" (already entered for {', '.join(sorted(entered))})"
        return label

    def incomplete_years(self):
        """The years the offered holidays reach whose list the market has not completed."""
        last = self.today + datetime.timedelta(days=365)
        return [
            year
            for year in range(self.today.year, last.year + 1)
            if not market.current().holidays_complete(
                datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            )
        ]

    def clean_first_day(self):
        day = self.cleaned_data["first_day"]
        if day and day < self.today:
            raise forms.ValidationError("This date has passed. Choose today or a later day.")
        if day and day > self.today + datetime.timedelta(days=2 * 366):
            raise forms.ValidationError("Choose a date within the next two years.")
        return day

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if last and not first and "first_day" not in self.errors:
            self.add_error("first_day", "Give the first day closed too.")
        elif first and last and last < first:
            self.add_error("last_day", "The last day comes before the first one.")
        elif first and last and (last - first).days >= self.MAX_DAYS:
            self.add_error("last_day", f"Close at most {self.MAX_DAYS} days at a time.")
        if not self.errors and not cleaned.get("holidays") and not first:
            raise forms.ValidationError("Tick a public holiday or give a date.")
        return cleaned

    def closures(self):
        """[(date, reason)] to add to every ticked branch, in date order."""
        typed = self.cleaned_data["reason"]
        closures = {}
        first = self.cleaned_data.get("first_day")
        if first:
            last = self.cleaned_data.get("last_day") or first
            for n in range((last - first).days + 1):
                day = first + datetime.timedelta(days=n)
                closures[day] = typed or self.holidays.get(day, "")
        # A ticked holiday is named as the market names it.
        for day in map(datetime.date.fromisoformat, self.cleaned_data["holidays"]):
            closures[day] = self.holidays[day]
        return sorted(closures.items())


class ServiceOfferForm(forms.ModelForm):
    class Meta:
        model = ProviderService
        fields = ["service", "price", "duration_minutes", "notes"]
        labels = {"duration_minutes": "Session length (minutes)"}


class BaseServiceFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row offers the same services: read them once, not once per row.
        form = super()._construct_form(i, **kwargs)
        field = form.fields["service"]
        if not hasattr(self, "_service_choices"):
            self._service_choices = list(field.choices)
        field.choices = self._service_choices
        return form

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            service = data.get("service")
            if service and not data.get("DELETE"):
                if service.pk in seen:
                    form.add_error("service", "This service is listed twice.")
                seen.add(service.pk)


ServiceFormSet = forms.inlineformset_factory(
    Provider,
    ProviderService,
    form=ServiceOfferForm,
    formset=BaseServiceFormSet,
    extra=2,
    can_delete=True,
)


class PractitionerForm(OnceForm, VersionedModelForm):
    class Meta:
        model = Practitioner
        fields = ["name", "gender", "years_of_practice", "languages", "training", "approach"]
        widgets = {"languages": forms.CheckboxSelectMultiple}


class CredentialForm(OnceForm, VersionedModelForm):
    """A credential as staff keep it; changing what was checked unchecks it (Credential.save)."""

    class Meta:
        model = Credential
        fields = ["kind", "issuing_body", "number", "valid_until", "practitioner"]
        widgets = {"valid_until": DATE_WIDGET}

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this provider's practitioners: an id of another's is "not one of the choices".
        self.fields["practitioner"].queryset = provider.practitioners.all()
        self.instance.provider = provider


class PhotoUploadForm(OnceForm, forms.ModelForm):
    # A plain file field: providers.images says precisely why a file is refused, before
    # Pillow decodes a pixel (Django's ImageField would decode it to verify it first).
    image = forms.FileField(
        label="Photo",
        validators=[images.validate_image],
        help_text=(
            "A JPEG, PNG or WebP picture, up to 10 MB and 40 megapixels. It is re-saved "
            "without its metadata (such as where it was taken)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ["image", "alt_text"]


class PhotoOrderForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["alt_text", "order"]


# Descriptions and order of the photos there are: new ones come through the upload form only.
PhotoFormSet = forms.modelformset_factory(Photo, form=PhotoOrderForm, extra=0, edit_only=True)


class InvitationForm(OnceForm):
    email = forms.EmailField(help_text="The colleague's work email address.")
    role = forms.ChoiceField(
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        help_text="Owners may also invite colleagues.",
    )


class ClaimForm(OnceForm, forms.ModelForm):
    class Meta:
        model = ClaimRequest
        fields = ["name", "role", "email", "phone", "verification"]
        labels = {
            "role": "Your role",
            "email": "Work email",
            "verification": "How can we check?",
        }


class AcceptInvitationForm(forms.Form):
    """A new account for an invitee: a username and a password typed twice."""

    username = forms.CharField(
        max_length=150, help_text="What you will log in with. Letters, digits and @.+-_ only."
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self):
        username = self.cleaned_data["username"]
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("This username is taken. Choose another one.")
        return username

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", "The two passwords differ.")
        elif one:
            user = get_user_model()(username=cleaned.get("username", ""), email=self.email)
            try:
                password_validation.validate_password(one, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self):
        return get_user_model().objects.create_user(
            username=self.cleaned_data["username"],
            email=self.email,
            password=self.cleaned_data["password1"],
        )


class QueuedPasswordResetForm(PasswordResetForm):
    """
    Django's password reset form, whose email is queued (clinics.tasks.send_password_reset)
    with the address as typed: the request does the same whether it has an account or not.
    """

    def save(self, request=None, use_https=False, **kwargs):
        email = self.cleaned_data["email"]
        transaction.on_commit(
            partial(queue, tasks.send_password_reset, email, request.get_host(), use_https)
        )


class ImportForm(forms.Form):
    """A file of branches, hours, services and practitioners (clinics.imports)."""

    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="One row per branch, opening hours, service or practitioner: see the template.",
    )
