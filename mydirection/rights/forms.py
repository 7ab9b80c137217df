from django import forms

from mydirection.forms import GovUKDateField
from mydirection.rights.models import Decision, ReleaseFormat


class OpenRequestForm(forms.Form):
    case_reference = forms.CharField(
        label="Case reference number",
        help_text="For example, X123456",
        max_length=20,
        error_messages={"required": "Enter the case reference number"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    received_on = GovUKDateField(
        label="When was the request received?",
        subject="The date received",
        help_text="The month to answer it starts on this day",
        not_future=True,
    )
    requester = forms.CharField(
        label="Who made the request?",
        help_text="For example, 'The person' or 'Their solicitor, with their written authority'",
        max_length=200,
        error_messages={"required": "Say who made the request"},
    )
    identity_checked = forms.CharField(
        label="How were their identity and any authority checked?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how their identity (and any authority) was checked"},
    )


class ReleaseForm(forms.Form):
    format = forms.ChoiceField(choices=ReleaseFormat.choices)


class ReviewDecisionForm(forms.Form):
    reason = forms.CharField(
        label="Why?",
        help_text=(
            "To confirm: why the records may go (for example, 'Past the 7 years, no open "
            "proceedings'). To hold: the legal hold, the inquiry or the claim that keeps them"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class OpenCorrectionForm(OpenRequestForm):
    identity_checked = None  # type: ignore[assignment]
    what_is_wrong = forms.CharField(
        label="What does the person say is wrong?",
        help_text="In their words, and what they say it should be",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the person says is wrong"},
    )


class CorrectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Was the record corrected?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the record was corrected"},
    )
    decision_reason = forms.CharField(
        label="What was corrected, or why not",
        help_text="The person is told this. If it was not corrected, they may complain to the "
        "Information Commissioner's Office",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
