"""The programme manager's decision on a request: approve it, or decline it with a reason the
person reads. One form class for the page's two forms: the ``action`` says which was sent."""

from typing import Any

from django import forms

from mydirection.fund.forms.record import VersionForm

APPROVE = "approve"
DECLINE = "decline"


class DecisionForm(VersionForm):
    action = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (DECLINE, "Decline")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose to approve or decline the request",
            "invalid_choice": "Choose to approve or decline the request",
        },
    )
    reason = forms.CharField(
        label="Why is it declined?",
        help_text="The person will read this",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"max_length": "Say why in 1,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why, in words the person will read")
        return cleaned
