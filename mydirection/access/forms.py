from django import forms


class JustificationForm(forms.Form):
    REASONS = [
        ("cover", "I am covering for the case manager"),
        ("duty", "I am the duty officer"),
        ("joint_work", "I am working jointly on this case"),
        ("other", "Another reason"),
    ]
    reason = forms.ChoiceField(
        label="Why do you need to open this record?",
        choices=REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to open this record"},
    )
    details = forms.CharField(
        label="Tell us more",
        help_text="Required for another reason. Your answer is kept in the access log",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, str]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == "other" and not str(cleaned.get("details", "")).strip():
            self.add_error("details", "Enter why you need to open this record")
        return cleaned

    @property
    def justification(self) -> str:
        label = dict(self.REASONS)[self.cleaned_data["reason"]]
        details = str(self.cleaned_data.get("details", "")).strip()
        return f"{label}: {details}" if details else label


class AccessLogSearchForm(forms.Form):
    case_reference = forms.CharField(
        label="Case reference number",
        max_length=7,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={"required": "Enter a case reference number"},
    )
    justification = forms.CharField(
        label="Why are you checking this record's access log?",
        help_text="For example, a subject access request or a complaint. Kept in the access log",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are checking the access log"},
    )
