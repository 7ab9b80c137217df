"""The forms of "Money for your plan" in the app (``views/fund.py``): asking for money,
cancelling a request, adding a receipt. Short, in plain words, for a phone.

The goal and the shop are chosen from the person's own current goals and the pot's active
shops only, so a goal or a shop typed into a crafted form is refused here, next to its field;
the fund's services check again (``fund.services.requests.ask``)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from mydirection.forms import PoundsField
from mydirection.fund.models import Category, CategoryRule, Fund, Provider
from mydirection.plans.models import Goal
from mydirection.uploads import files
from mydirection.uploads.forms import UploadField

# What each kind of thing is called in the app, with an example, in the person's words.
MY_CATEGORIES: dict[str, tuple[str, str]] = {
    Category.ACCOMMODATION: ("Somewhere to live", "For example a deposit or rent in advance"),
    Category.FOOD: ("Food", "For example food until your first pay day"),
    Category.CLOTHING: ("Clothes and shoes", "For example a coat, or clothes for an interview"),
    Category.TRAVEL: ("Travel", "For example a bus pass to get to work"),
    Category.TRAINING: ("A course or training", "For example a course fee or a test"),
    Category.ID_DOCUMENTS: ("ID", "For example a birth certificate or a passport"),
    Category.PHONE: ("Phone or data", "For example a cheap phone or a top-up"),
    Category.WORK_EQUIPMENT: ("Things for work", "For example work boots, tools or a hi-vis"),
    Category.OTHER: ("Something else", ""),
}


def my_category(value: str) -> str:
    """The kind of thing, as the app names it."""
    return MY_CATEGORIES.get(value, (Category(value).label, ""))[0]


class HintedRadioSelect(forms.RadioSelect):
    """Radios whose options may each have a hint under the label (``hints``: value -> text),
    read by ``portal/fund_field.html`` as ``option.data.hint``."""

    def __init__(self, *args: Any, hints: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        hint = self.hints.get(str(value), "")
        option["hint"] = hint
        if hint and option["attrs"].get("id"):
            option["hint_id"] = f"{option['attrs']['id']}-hint"
            option["attrs"]["aria-describedby"] = option["hint_id"]
        return option


class GoalChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class ProviderChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AskForm(forms.Form):
    """Asking for money: which goal, what for, how much, what kind, where from."""

    goal = GoalChoiceField(
        label="Which goal in your plan does it help with?",
        queryset=Goal.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the goal it helps with",
            "invalid_choice": "Choose one of your goals",
        },
    )
    what_for = forms.CharField(
        label="What do you need?",
        help_text="For example: work boots for my new job",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say what you need",
            "max_length": "Use 500 letters or less",
        },
    )
    amount = PoundsField(
        label="How much is it?",
        help_text="In pounds, for example 35 or 35.50",
        error_messages={"required": "Enter how much it is, like 35 or 35.50"},
    )
    category = forms.ChoiceField(
        label="What kind of thing is it?",
        choices=[],
        widget=HintedRadioSelect,
        error_messages={
            "required": "Choose what kind of thing it is",
            "invalid_choice": "Choose what kind of thing it is",
        },
    )
    provider = ProviderChoiceField(
        label="Where can you get it?",
        help_text="Your case manager can ask for a shop to be added",
        queryset=Provider.objects.none(),
        empty_label=None,
        widget=HintedRadioSelect,
        error_messages={
            "required": "Choose where you can get it",
            "invalid_choice": "Choose a shop from the list",
        },
    )

    def __init__(
        self,
        *args: Any,
        fund: Fund,
        goals: QuerySet[Goal],
        providers: QuerySet[Provider],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        goal_field: GoalChoiceField = self.fields["goal"]  # type: ignore[assignment]
        goal_field.queryset = goals
        # Kinds the pot does not pay for are not offered (the service would refuse them).
        kinds = [
            value for value in Category.values if fund.rule_for(value) != CategoryRule.NOT_ALLOWED
        ]
        category: forms.ChoiceField = self.fields["category"]  # type: ignore[assignment]
        category.choices = [(value, my_category(value)) for value in kinds]
        category_radios: HintedRadioSelect = category.widget
        category_radios.hints = {value: MY_CATEGORIES.get(value, ("", ""))[1] for value in kinds}
        provider_field: ProviderChoiceField = self.fields["provider"]  # type: ignore[assignment]
        provider_field.queryset = providers
        shop_radios: HintedRadioSelect = provider_field.widget
        shop_radios.hints = {str(shop.pk): shop.sells for shop in providers}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Tell us why",
        help_text="For example: I do not need it any more",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Tell us why you want to cancel it",
            "max_length": "Use 500 letters or less",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReceiptForm(forms.Form):
    # No ``capture``: the person may take a photo or choose one they already have.
    receipt = UploadField(
        label="Photo or PDF of your receipt",
        help_text=f"Take a clear photo of the whole receipt. {files.hint()}",
        error_messages={"required": "Choose a photo or PDF of your receipt"},
    )
