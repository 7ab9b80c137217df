from typing import Any

from django import forms

from mydirection.people.models import Person
from mydirection.portal import services


class ContactForm(forms.Form):
    contact = forms.CharField(
        label="Your mobile number or email address",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your mobile number or email address"},
    )


def _pin_widget(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(
        attrs={
            "class": "govuk-input--width-10",
            "inputmode": "numeric",
            "autocomplete": autocomplete,
        }
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        help_text="We sent it to you. It has 6 numbers",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the code we sent you"},
    )
    pin = forms.CharField(
        label="PIN",
        help_text="The 6 numbers you chose",
        max_length=12,
        widget=_pin_widget("current-password"),
        error_messages={"required": "Enter your PIN"},
    )


class PinForm(forms.Form):
    pin = forms.CharField(
        label="Choose a PIN",
        help_text="6 numbers. Not numbers in a row, like 123456, and not your birthday",
        max_length=12,
        widget=_pin_widget("new-password"),
        error_messages={"required": "Choose a PIN"},
    )
    pin_again = forms.CharField(
        label="Type your PIN again",
        max_length=12,
        widget=_pin_widget("new-password"),
        error_messages={"required": "Type your PIN again"},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_pin(self) -> str:
        pin: str = self.cleaned_data["pin"].strip()
        problem = services.pin_problem(pin, self.person)
        if problem:
            raise forms.ValidationError(problem)
        return pin

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pin, again = cleaned.get("pin"), cleaned.get("pin_again", "").strip()
        if pin and again and pin != again:
            self.add_error("pin_again", "The two PINs are not the same. Type them again")
        return cleaned
