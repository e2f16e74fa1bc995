"""The patient's enquiry form, and the forms clinic staff answer enquiries with."""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone

from clinics.forms import OnceForm
from clinics.models import Membership
from enquiries.models import (
    STAFF_STATUSES,
    BestTime,
    Enquiry,
    EnquiryKind,
    EnquiryNote,
    EnquiryReply,
    InboxSettings,
)
from providers.models import Location, Service

STARTED_SALT = "enquiries.form-started"
# A form left open longer than this is shown again with a fresh clock, whatever it holds.
STARTED_VALID_FOR = 24 * 60 * 60
PHONE = re.compile(r"^\+?[\d\s().-]{6,25}$")
CHECK_AND_SEND_AGAIN = "Please check your enquiry and send it again."


def started_token(at=None):
    """The signed moment a form was shown: a naive bot posts sooner than a person can type."""
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


def consent_text(provider):
    return (
        f"I agree that {settings.SITE_NAME} passes this enquiry to {provider.name} so that its "
        f"staff can answer it, and keeps it for {settings.ENQUIRY_RETENTION_DAYS} days after it "
        "is closed, then erases it. I can withdraw it at any time."
    )


class EnquiryForm(OnceForm, forms.ModelForm):
    """
    An enquiry or call-back request to one provider. Besides its fields, the form reads two
    values the template writes by hand: `started` (when the form was shown, signed) and
    `website`, an input people never see and naive bots fill in.
    """

    best_times = forms.MultipleChoiceField(
        label="Best times to reach you",
        choices=BestTime.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(
        required=True,
        error_messages={"required": "Tick this to send the enquiry: the clinic needs it."},
    )

    class Meta:
        model = Enquiry
        fields = ["kind", "name", "phone", "email", "best_times", "location", "service", "message"]
        labels = {
            "kind": "What would you like?",
            "name": "Your name",
            "phone": "Phone number",
            "email": "Email address",
            "location": "Which branch",
            "service": "Which treatment",
            "message": "Your message",
        }
        help_texts = {
            "phone": "Needed for a call back.",
            "email": "We email you a private link to see your enquiry or withdraw it.",
            "message": (
                "Up to 1,000 characters. Please leave out medical details such as diagnoses, "
                "medicines or test results: the clinic asks what it needs when it answers."
            ),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.fields["kind"].choices = EnquiryKind.choices
        self.fields["agree"].label = consent_text(provider)
        branches = Location.objects.filter(provider=provider).order_by("name")
        services = Service.objects.filter(offers__provider=provider).order_by("name")
        self.fields["location"].queryset = branches
        self.fields["location"].empty_label = "Any branch"
        self.fields["service"].queryset = services
        self.fields["service"].empty_label = "Not sure yet"

    @property
    def started_token(self):
        return started_token()

    def is_from_a_bot(self):
        """True when the input people never see was filled in."""
        return bool(self.data.get("website"))

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE.match(phone) or not 6 <= len(digits) <= 15):
            raise forms.ValidationError(
                "Write the number with digits only (spaces and a leading + are fine)."
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        self._check_started()
        if "phone" in self.errors or cleaned.get("phone"):
            return cleaned
        if not cleaned.get("email"):
            self.add_error(
                "phone", "Give a phone number or an email address, so that the clinic can answer."
            )
        elif cleaned.get("kind") == EnquiryKind.CALL_BACK:
            self.add_error("phone", "Give a phone number for the clinic to call you back on.")
        return cleaned

    def _check_started(self):
        try:
            started = signing.loads(
                self.data.get("started", ""), salt=STARTED_SALT, max_age=STARTED_VALID_FOR
            )
            elapsed = time.time() - float(started)
        except (signing.BadSignature, TypeError, ValueError):
            elapsed = None
        if elapsed is None or elapsed < settings.ENQUIRY_MIN_SECONDS:
            self.add_error(None, forms.ValidationError(CHECK_AND_SEND_AGAIN, code="too_fast"))

    def save(self, commit=True):
        enquiry = super().save(commit=False)
        enquiry.provider = self.provider
        enquiry.consent = consent_text(self.provider)
        enquiry.consented_at = timezone.now()
        self.token = enquiry.new_token()
        if commit:
            enquiry.save()
        return enquiry


class StatusForm(forms.ModelForm):
    class Meta:
        model = Enquiry
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status.value, status.label) for status in STAFF_STATUSES]

    def save(self, commit=True):
        self.instance.set_status(self.cleaned_data["status"])
        return self.instance


class NoteForm(OnceForm, forms.ModelForm):
    class Meta:
        model = EnquiryNote
        fields = ["text"]
        labels = {"text": "Add a private note"}
        help_texts = {"text": "Only your clinic's staff see notes."}
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}


class ReplyForm(OnceForm, forms.ModelForm):
    class Meta:
        model = EnquiryReply
        fields = ["body"]
        labels = {"body": "Reply by email"}
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}

    def __init__(self, *args, enquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = (
            f"Sent to the patient from {enquiry.provider.name}, through the site; their answer "
            "comes back to " + (enquiry.provider.email or "the email address of your account") + "."
        )


class InboxSettingsForm(forms.ModelForm):
    class Meta:
        model = InboxSettings
        fields = ["reply_time", "told"]
        widgets = {"told": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        team = Membership.objects.filter(provider=self.instance.provider).select_related("user")
        self.fields["told"].queryset = team.order_by("user__username")
        self.fields["told"].label_from_instance = lambda m: (
            f"{m.user.get_username()} ({m.user.email or 'no email address'})"
        )
        if not self.instance.pk:
            self.initial["told"] = list(team)

    def clean_told(self):
        told = self.cleaned_data["told"]
        if not told:
            raise forms.ValidationError("Choose at least one person, or enquiries go unread.")
        return told
