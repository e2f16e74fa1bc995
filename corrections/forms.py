from django import forms

from clinics.forms import OnceForm
from corrections.models import Problem, Report


class ReportForm(OnceForm, forms.ModelForm):
    """What is wrong on a listing, as anyone may say it; one report per submission."""

    class Meta:
        model = Report
        fields = ["problem", "details", "email"]
        widgets = {
            "problem": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        }

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.provider = provider

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("problem") == Problem.OTHER and not cleaned.get("details"):
            self.add_error("details", "Please say what is wrong.")
        return cleaned


class CloseReportForm(forms.Form):
    """Staff close a report: what they did, for the reporter."""

    status = forms.ChoiceField(
        choices=[("fixed", "Fixed"), ("rejected", "The listing was right")],
        widget=forms.RadioSelect,
        initial="fixed",
        label="Outcome",
    )
    note = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What was done (optional)",
        help_text="The reporter reads this if they left an email address.",
    )
