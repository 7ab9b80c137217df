from django import forms

from mydirection.forms import GovUKDateField
from mydirection.rights.models import ReleaseFormat


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
