from typing import Any

from django import forms

from mydirection.notifications import selectors
from mydirection.notifications.models import Channel, ContactPreferences
from mydirection.people.models import Person

HOURS = [(hour, f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}") for hour in range(6, 24)]


class PreferencesForm(forms.ModelForm[ContactPreferences]):
    """The same plain words for the case manager and for the person in the app."""

    channel = forms.ChoiceField(
        label="How should we send messages?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose text message or email"},
    )
    reminders = forms.TypedChoiceField(
        label="Send reminders of appointments?",
        choices=[("yes", "Yes, send reminders"), ("no", "No reminders")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )
    earliest_hour = forms.TypedChoiceField(
        label="Not before", choices=HOURS, coerce=int, help_text="We will not send messages earlier"
    )
    latest_hour = forms.TypedChoiceField(
        label="Not after", choices=HOURS, coerce=int, help_text="We will not send messages later"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["channel", "reminders", "earliest_hour", "latest_hour"]

    class Meta:
        model = ContactPreferences
        fields = ["channel", "earliest_hour", "latest_hour"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["reminders"].initial = "no" if self.instance.reminders_opted_out else "yes"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        earliest, latest = cleaned.get("earliest_hour"), cleaned.get("latest_hour")
        if earliest is not None and latest is not None and latest <= earliest:
            self.add_error("latest_hour", "Choose a time after the 'not before' time")
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {
            "channel": self.cleaned_data["channel"],
            "reminders_opted_out": not self.cleaned_data["reminders"],
            "earliest_hour": self.cleaned_data["earliest_hour"],
            "latest_hour": self.cleaned_data["latest_hour"],
        }


def preferences_form(person: Person, data: Any = None) -> PreferencesForm:
    """The person's contact choices as they are stored (the channel as it would be chosen),
    for the case manager's page and the person's own in the app alike."""
    current = selectors.preferences_of(person)
    return PreferencesForm(
        data, instance=current, initial={"channel": selectors.preferred_channel(person, current)}
    )
