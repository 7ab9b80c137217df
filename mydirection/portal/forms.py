from typing import Any

from django import forms

from mydirection.people.models import Person
from mydirection.portal.services import accounts


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
        problem = accounts.pin_problem(pin, self.person)
        if problem:
            raise forms.ValidationError(problem)
        return pin

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pin, again = cleaned.get("pin"), cleaned.get("pin_again", "").strip()
        if pin and again and pin != again:
            self.add_error("pin_again", "The two PINs are not the same. Type them again")
        return cleaned


# My plan and my messages --------------------------------------------------------------------

# The statuses the person may choose for their own step, in their words.
MY_STEP_CHOICES = [
    ("not_started", "Not started yet"),
    ("in_progress", "Doing it now"),
    ("done", "Done"),
]


class MyStepForm(forms.Form):
    status = forms.ChoiceField(
        label="How is it going?",
        choices=MY_STEP_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one", "invalid_choice": "Choose one"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class HowItWentForm(forms.Form):
    text = forms.CharField(
        label="How did it go?",
        help_text="Say what you did and how it went. Your case manager will read it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write how it went"},
    )
    needs_support = forms.ChoiceField(
        label="Do you need help with this?",
        choices=[("yes", "Yes"), ("no", "No"), ("dont_know", "Not sure")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes, no or not sure"},
    )


class MyAgreementForm(forms.Form):
    agreement = forms.ChoiceField(
        label="Do you agree with your plan?",
        choices=[("agreed", "Yes, I agree"), ("not_agreed", "No, I do not agree")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )
    reason = forms.CharField(
        label="Tell us why, or anything you want to add",
        help_text="You must say why if you do not agree",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("agreement") == "not_agreed" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why you do not agree")
        return cleaned


class InterestForm(forms.Form):
    note = forms.CharField(
        label="Anything you want to tell your case manager? (you do not have to)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 500 letters or less"},
    )
