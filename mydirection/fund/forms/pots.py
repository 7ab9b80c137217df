"""The programme manager's forms for the Enabling Fund's pots: opening one, adding money or
cutting it, its rules, its approved providers, and closing it.

Amounts are typed in pounds and cleaned to whole pence (``PoundsField``); the services take
pence and give their own refusals, which the views put next to the fields (``add_errors``).
"""

from typing import Any, cast
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError

from mydirection.forms import GovUKDateField, PoundsField
from mydirection.fund.models import Category, CategoryRule, Fund, Request
from mydirection.fund.rules import pounds
from mydirection.staff.models import Office

# The office choice that means no office: the pot serves the whole programme.
PROGRAMME = "programme"

LIMIT_FIELDS = ("case_manager_limit", "senior_limit", "person_limit")


def _limit(label: str, help_text: str, initial: str) -> PoundsField:
    return PoundsField(
        label=label,
        help_text=help_text,
        initial=initial,
        error_messages={"required": f"Enter {label[:1].lower()}{label[1:]}, in pounds"},
    )


class _Limits(forms.Form):
    """The approval limits and receipt deadline, shared by opening a pot and its rules."""

    case_manager_limit = _limit(
        "The case manager approves up to",
        "In pounds. Requests up to this amount are approved by the case manager in one step",
        "50",
    )
    senior_limit = _limit(
        "A senior case manager approves up to",
        "In pounds. Above this, the programme manager decides",
        "150",
    )
    person_limit = _limit(
        "Most one person can be given",
        "In pounds, over the fund's whole period",
        "150",
    )
    receipt_days = forms.IntegerField(
        label="Days to bring a receipt",
        help_text="After a purchase order or voucher is paid. For example, 14",
        initial=14,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of days to bring a receipt",
            "invalid": "The number of days must be a whole number, like 14",
            "min_value": "The number of days must be 1 or more",
            "max_value": "The number of days must be 365 or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        case_manager, senior = cleaned.get("case_manager_limit"), cleaned.get("senior_limit")
        if case_manager is not None and senior is not None and senior < case_manager:
            self.add_error(
                "senior_limit",
                "A senior case manager's limit must be at least the case manager's "
                f"({pounds(case_manager)})",
            )
        return cleaned


class FundForm(_Limits):
    """Opening a pot: its name, office, period, first amount and rules."""

    field_order = (
        "name",
        "office",
        "starts_on",
        "ends_on",
        "amount",
        "case_manager_limit",
        "senior_limit",
        "person_limit",
        "receipt_days",
    )

    name = forms.CharField(
        label="Name",
        help_text="For example, 'Hull Enabling Fund 2027'",
        max_length=120,
        error_messages={"required": "Enter the fund's name"},
    )
    office = forms.ChoiceField(
        label="Which office is it for?",
        help_text="Requests from people in the office go to its fund; people in an office "
        "without one use the whole programme's",
        error_messages={"required": "Select the office, or the whole programme"},
    )
    starts_on = GovUKDateField(
        label="Starts on", subject="Start date", help_text="For example, 1 4 2027"
    )
    ends_on = GovUKDateField(
        label="Ends on", subject="End date", help_text="For example, 31 3 2028"
    )
    amount = PoundsField(
        label="How much is in the fund?",
        help_text="In pounds. You can add more or cut it later",
        error_messages={"required": "Enter how much is in the fund, in pounds"},
    )

    def __init__(self, *args: Any, offices: list[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = cast(forms.ChoiceField, self.fields["office"])
        office.choices = [
            ("", "Select an office"),
            (PROGRAMME, "The whole programme"),
            *[(str(each.pk), each.name) for each in offices],
        ]
        self.offices = {str(each.pk): each for each in offices}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return cleaned

    @property
    def values(self) -> dict[str, Any]:
        """What ``services.pots.open_fund`` takes."""
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "office": self.offices.get(data["office"]),
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "amount": data["amount"],
            **{name: data[name] for name in (*LIMIT_FIELDS, "receipt_days")},
        }


class Direction:
    ADD = "add"
    CUT = "cut"


class MoneyForm(forms.Form):
    direction = forms.ChoiceField(
        label="What do you want to do?",
        choices=[(Direction.ADD, "Add money"), (Direction.CUT, "Cut the fund")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to add money or cut the fund"},
    )
    amount = PoundsField(
        label="How much?",
        help_text="In pounds. A cut can only take money not yet committed to requests",
        error_messages={"required": "Enter the amount, in pounds"},
    )
    note = forms.CharField(
        label="Note",
        help_text="Optional. Why, for the fund's record. For example, 'Second quarter's budget'",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )


def rule_field(category: Category) -> str:
    return f"rule_{category.value}"


class RulesForm(_Limits):
    """A pot's rules: limits, a rule for each category, the receipt deadline, the name and
    the end date. Versioned: a stale edit keeps what was typed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the fund's name"}
    )
    ends_on = GovUKDateField(
        label="Ends on", subject="End date", help_text="For example, 31 3 2028"
    )

    field_order = ("name", "ends_on", *LIMIT_FIELDS, "receipt_days")

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        kwargs.setdefault("initial", initial_rules(fund))
        super().__init__(*args, **kwargs)
        ends_on = cast(GovUKDateField, self.fields["ends_on"])
        ends_on.min_value = fund.starts_on
        for category in Category:
            self.fields[rule_field(category)] = forms.ChoiceField(
                label=category.label,
                choices=CategoryRule.choices,
                widget=forms.RadioSelect(
                    attrs={"class": "govuk-radios--small govuk-radios--inline"}
                ),
                error_messages={
                    "required": f"Select a rule for {category.label.lower()}",
                    "invalid_choice": f"Select a rule for {category.label.lower()}",
                },
            )

    def category_fields(self) -> list[forms.BoundField]:
        return [self[rule_field(category)] for category in Category]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "ends_on", *LIMIT_FIELDS, "receipt_days")]

    @property
    def values(self) -> dict[str, Any]:
        """What ``services.pots.change_rules`` takes (only rules that are not "allowed" are
        kept: a category not named is allowed)."""
        data = self.cleaned_data
        rules = {
            category.value: data[rule_field(category)]
            for category in Category
            if data[rule_field(category)] != CategoryRule.ALLOWED
        }
        return {
            "name": data["name"].strip(),
            "ends_on": data["ends_on"],
            "category_rules": rules,
            **{name: data[name] for name in (*LIMIT_FIELDS, "receipt_days")},
        }


def initial_rules(fund: Fund) -> dict[str, Any]:
    return {
        "version": fund.version,
        "name": fund.name,
        "ends_on": fund.ends_on,
        "case_manager_limit": pounds(fund.case_manager_limit).removeprefix("£"),
        "senior_limit": pounds(fund.senior_limit).removeprefix("£"),
        "person_limit": pounds(fund.person_limit).removeprefix("£"),
        "receipt_days": fund.receipt_days,
        **{rule_field(category): fund.rule_for(category).value for category in Category},
    }


class ProviderForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="As the person will look for it. For example, 'Hull Workwear'",
        max_length=120,
        error_messages={"required": "Enter the provider's name"},
    )
    sells = forms.CharField(
        label="What they sell",
        help_text="In plain words, so the person can choose. For example, 'Work boots and "
        "clothing'",
        max_length=200,
        required=False,
    )


class UUIDsField(forms.Field):
    """Ids posted as repeated hidden inputs (``seen``): a frozenset of UUIDs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> frozenset[UUID]:
        if not value:
            return frozenset()
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return frozenset(UUID(str(each)) for each in values)
        except ValueError as error:
            raise ValidationError("Open the page again and choose again") from error


APPROVE = "approve"
DECLINE = "decline"


def decision_field(request: Request) -> str:
    return f"decision_{request.pk}"


class CloseForm(forms.Form):
    """Closing a pot: a choice for each waiting request the page shows (declined unless
    approved), the ids shown, and the pot's version."""

    # Required: an empty post (no page behind it) closes nothing.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "Open the page again to close the fund"},
    )
    seen = UUIDsField(required=False)

    def __init__(
        self,
        *args: Any,
        waiting: list[Request],
        labels: dict[UUID, str],
        hints: dict[UUID, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.waiting = waiting
        self.fields["seen"].initial = [str(each.pk) for each in waiting]
        for each in waiting:
            self.fields[decision_field(each)] = forms.ChoiceField(
                label=labels[each.pk],
                help_text=hints[each.pk],
                choices=[
                    (APPROVE, "Approve before closing"),
                    (DECLINE, "Decline: the fund closed"),
                ],
                initial=DECLINE,
                # A request the page did not show has no answer: declined if the service
                # were to decide it, but the service refuses to close blind first.
                required=False,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
            )

    def decision_fields(self) -> list[tuple[Request, forms.BoundField]]:
        return [(each, self[decision_field(each)]) for each in self.waiting]

    @property
    def approve(self) -> frozenset[UUID]:
        return frozenset(
            each.pk
            for each in self.waiting
            if self.cleaned_data.get(decision_field(each)) == APPROVE
        )
