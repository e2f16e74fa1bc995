"""
Guards against the two ways a form loses or duplicates work: a stale edit (someone else saved
since the form was opened) and a double submit (the same form posted twice).
"""

import secrets

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Max

from clinics.models import Submission


def version_of(history):
    """A token for the state of some rows: the newest entry of their history (a queryset)."""
    return str(history.aggregate(latest=Max("history_id"))["latest"] or 0)


STALE_MESSAGE = (
    "Someone else saved this since you opened the page. Your changes are below, not saved: "
    "check the current version (open the page again in a new tab) and save again."
)


class VersionForm(forms.Form):
    """
    The hidden version a page was opened at. `check(current)` adds the stale-edit error when
    the rows changed since; the page is re-shown with everything typed.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, initial={"version": current}, **kwargs)
        self.current = current

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") != self.current:
            self.stale = True
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


def new_submission_key():
    return secrets.token_urlsafe(24)


class SubmissionKeyField(forms.CharField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)


def claim_submission(key):
    """
    Record that the form with this key was submitted. False if it already was: the caller
    then creates nothing. Call inside the transaction that creates the rows.
    """
    if not key:
        return True
    try:
        with transaction.atomic():
            Submission.objects.create(key=key)
    except IntegrityError:
        return False
    return True
