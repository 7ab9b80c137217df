"""The staff forms of a person's Enabling Fund requests: asking (with the person), approving,
declining, paying, cancelling and adding the receipt.

Amounts are typed in pounds and cleaned to whole pence (``PoundsField``); what the rules
refuse (a limit, a closed pot) comes back from the services and goes next to its field with
``mydirection.forms.add_errors``, under the same names as here.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms import BoundField
from django.forms.boundfield import BoundWidget
from django.utils.html import format_html

from mydirection.forms import PoundsField
from mydirection.fund.models import Category, CategoryRule, Fund, PaymentMethod, Provider
from mydirection.people.models import Person
from mydirection.plans.models import Goal
from mydirection.uploads.forms import UploadField

AMOUNT_HINT = "In pounds, for example 35 or 35.50"
AMOUNT_REQUIRED = "Enter an amount in pounds, like 35 or 35.50"


class VersionForm(forms.Form):
    """The version of the request the page showed: a change to a request that moved on since
    is refused (``StaleEdit``) rather than made over what someone else did."""

    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page is out of date: open the request again",
            "invalid": "This page is out of date: open the request again",
            "min_value": "This page is out of date: open the request again",
        },
    )


def category_choices(fund: Fund) -> list[tuple[str, str]]:
    """The kinds of thing the pot pays for, saying which need a senior case manager."""
    choices = []
    for value, label in Category.choices:
        rule = fund.rule_for(value)
        if rule is CategoryRule.NOT_ALLOWED:
            continue
        senior = rule is CategoryRule.SENIOR
        choices.append((value, f"{label} (a senior case manager decides)" if senior else label))
    return choices


class AskForm(forms.Form):
    """The case manager asks the fund with the person, in the person's words."""

    goal = forms.ChoiceField(
        label="Which goal of their plan is it for?",
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label="What kind of thing is it?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of thing it is",
            "invalid_choice": "Select one of the kinds of thing the fund pays for",
        },
    )
    amount = PoundsField(
        label="How much is it?",
        help_text=AMOUNT_HINT,
        error_messages={"required": AMOUNT_REQUIRED},
    )
    what_for = forms.CharField(
        label="What is it for?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={
            "required": "Say what the money is for",
            "max_length": "Say what it is for in 500 characters or fewer",
        },
    )
    provider = forms.ChoiceField(
        label="Where will it be bought?",
        help_text="The fund's approved shops and services",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where it will be bought",
            "invalid_choice": "Choose a shop or service from the fund's approved list",
        },
    )

    def __init__(
        self,
        data: Any = None,
        *,
        person: Person,
        fund: Fund,
        goals: Sequence[Goal],
        providers: Sequence[Provider],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.goals = {str(goal.pk): goal for goal in goals}
        self.providers = {str(provider.pk): provider for provider in providers}
        goal_field = self.fields["goal"]
        goal_field.choices = [(key, goal.title) for key, goal in self.goals.items()]  # type: ignore[attr-defined]
        goal_field.error_messages = {
            "required": f"Select which of {person.first_name}'s goals it is for",
            "invalid_choice": f"Choose one of {person.first_name}'s goals",
        }
        self.fields["category"].choices = category_choices(fund)  # type: ignore[attr-defined]
        self.fields["provider"].choices = [  # type: ignore[attr-defined]
            (key, provider.name) for key, provider in self.providers.items()
        ]
        self.fields["what_for"].help_text = format_html(
            "In {}'s words, for example “Work boots so I can start on the building site”",
            person.known_as,
        )

    def provider_options(self) -> list[tuple[BoundWidget, str]]:
        """Each provider's radio with what it sells, the radio's hint (``<id>-hint``, which
        the radio names in ``aria-describedby``)."""
        field: BoundField = self["provider"]
        options = []
        for option in field.subwidgets:
            provider = self.providers.get(str(option.data["value"]))
            if provider is None:
                continue
            if provider.sells:
                hint_id = f"{option.data['attrs']['id']}-hint"
                option.data["attrs"] = option.data["attrs"] | {"aria-describedby": hint_id}
            options.append((option, provider.sells))
        return options

    def chosen_goal(self) -> Goal:
        return self.goals[self.cleaned_data["goal"]]

    def chosen_provider(self) -> Provider:
        return self.providers[self.cleaned_data["provider"]]


class ReasonForm(VersionForm):
    """Declining or cancelling: a reason the person reads in their app."""

    reason = forms.CharField(
        label="Why?",
        help_text="The person will read this",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={
            "required": "Say why, in words the person will read",
            "max_length": "Say why in 1,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class PayForm(VersionForm):
    method = forms.ChoiceField(
        label="How is it paid?",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it is paid"},
    )
    amount = PoundsField(
        label="Amount paid",
        help_text=f"{AMOUNT_HINT}. Paying less than approved gives the rest back to the fund",
        error_messages={"required": AMOUNT_REQUIRED},
    )
    reference = forms.CharField(
        label="Purchase order, voucher or payment reference",
        help_text="Optional",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={"max_length": "The reference must be 60 characters or fewer"},
    )


class ReceiptForm(forms.Form):
    receipt = UploadField(
        label="Upload the receipt",
        error_messages={"required": "Select a photo or PDF of the receipt"},
    )
