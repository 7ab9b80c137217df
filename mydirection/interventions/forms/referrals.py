"""The case manager's forms: the suitability decision (and the referral it may send),
withdrawing a referral, and closing one that started."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms

from mydirection.interventions import rules, selectors
from mydirection.interventions.models import (
    Availability,
    Condition,
    EndReason,
    Interest,
    Intervention,
    Kind,
    Reason,
    Shared,
    Suitability,
)
from mydirection.interventions.services.referrals import Decision
from mydirection.people.models import Person
from mydirection.plans.models import CURRENT_GOALS, Goal, Step, StepActor

# A plan step done by one of these is usually an intervention of this kind: the referral form
# offers it first when the step's "Refer" link opens it.
STEP_KINDS = {
    StepActor.TIME_BANK: Kind.TIME_BANK,
    StepActor.LIFE_COACH: Kind.LIFE_COACHING,
}

SUITABILITY_CHOICES = [
    (Suitability.SUITABLE, "Suitable: refer them"),
    (Suitability.NOT_NOW, "Not suitable now"),
    (Suitability.NOT_SUITABLE, "Not suitable"),
]


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class Choices:
    """What the referral form offers for this person."""

    # Taking referrals now (``selectors.open_for``).
    open: Sequence[Intervention]
    # The rest of the office's interventions that are not withdrawn (paused, or full): a
    # decision not to refer may name them.
    others: Sequence[Intervention]
    # Goals of their current plan, with their steps prefetched.
    goals: Sequence[Goal]
    # What they said interests them and nobody has answered yet.
    interests: Sequence[Interest]

    @property
    def interventions(self) -> dict[str, Intervention]:
        return {str(i.pk): i for i in [*self.open, *self.others]}

    @property
    def plan_items(self) -> dict[str, tuple[Goal, Step | None]]:
        items: dict[str, tuple[Goal, Step | None]] = {}
        for goal in self.goals:
            items[f"goal:{goal.pk}"] = (goal, None)
            for step in goal.steps.all():
                items[f"step:{step.pk}"] = (goal, step)
        return items


def choices_for(person: Person) -> Choices:
    """What the referral form offers for ``person``: their office's interventions, their
    current plan and their unanswered interests."""
    taking = selectors.open_for(person)
    taking_ids = {i.pk for i in taking}
    others = [
        i
        for i in selectors.catalogue(person.team.office).exclude(
            availability=Availability.WITHDRAWN
        )
        if i.pk not in taking_ids
    ]
    goals = list(
        Goal.objects.filter(plan__person=person, status__in=CURRENT_GOALS)
        .prefetch_related("steps")
        .order_by("position", "created_at")
    )
    return Choices(taking, others, goals, list(selectors.interests_of(person)))


def intervention_label(intervention: Intervention) -> str:
    label = f"{intervention.name} ({intervention.provider_name})"
    if selectors.availability_today(intervention) == Availability.PAUSED:
        return f"{label}: paused"
    left = rules.places_left(intervention.capacity, getattr(intervention, "open_referrals", 0))
    if left == 0:
        return f"{label}: full"
    return label


def initial_from(params: Mapping[str, str], choices: Choices) -> dict[str, Any]:
    """The form's first answers from the link that opened it: ``?intervention=``,
    ``?goal=``, ``?step=`` (a plan step), ``?interest=`` (what the person asked about).
    Anything that is not theirs, or not on offer, is ignored."""
    initial: dict[str, Any] = {}
    interventions = choices.interventions
    plan_items = choices.plan_items
    if (goal := _uuid(params.get("goal"))) and f"goal:{goal}" in plan_items:
        initial["goal"] = f"goal:{goal}"
    if (step := _uuid(params.get("step"))) and f"step:{step}" in plan_items:
        initial["goal"] = f"step:{step}"
        doer = plan_items[f"step:{step}"][1]
        kind = STEP_KINDS.get(StepActor(doer.actor)) if doer else None
        of_kind = [i for i in choices.open if i.kind == kind]
        if len(of_kind) == 1:
            initial["intervention"] = str(of_kind[0].pk)
    if (chosen := _uuid(params.get("intervention"))) and str(chosen) in interventions:
        initial["intervention"] = str(chosen)
    interest_id = _uuid(params.get("interest"))
    interest = next((i for i in choices.interests if i.pk == interest_id), None)
    if interest is not None and str(interest.intervention_id) in interventions:
        initial["interest"] = str(interest.pk)
        initial["intervention"] = str(interest.intervention_id)
    return initial


class ReferForm(forms.Form):
    intervention = forms.ChoiceField(
        label="Which intervention?",
        error_messages={
            "required": "Select the intervention",
            "invalid_choice": "Select one of the interventions offered",
        },
    )
    goal = forms.ChoiceField(
        label="Which goal or step of their plan is it for?",
        help_text="Optional",
        required=False,
        error_messages={"invalid_choice": "Select one of their goals, or none"},
    )
    suitability = forms.ChoiceField(
        label="Is it right for them?",
        choices=SUITABILITY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether it is right for them",
            "invalid_choice": "Select whether it is right for them",
        },
    )
    consent = forms.BooleanField(required=False)
    shares = forms.MultipleChoiceField(
        label="What else did they agree to share?",
        help_text="Select all they agreed to. The provider sees nothing once the referral ends",
        choices=[(item.value, item.label) for item in Shared if item is not Shared.NAME],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note_for_provider = forms.CharField(
        label="Note for the provider",
        help_text="Optional. What would help them welcome this person. Sent only if they "
        "agreed to share it",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    availability_note = forms.CharField(
        label="When can they take part?",
        help_text="Optional. For example, 'Weekday mornings; works Thursdays'",
        max_length=300,
        required=False,
    )
    # Conditions for taking part: the provider reads them as conditions, never the reasons
    # (the Time Bank enforces them on every exchange).
    conditions = forms.MultipleChoiceField(
        label="Conditions for taking part",
        help_text="Optional. The provider sees the conditions, never why. Select all that apply",
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    keep_apart_from = forms.CharField(
        label="People they must not be matched with",
        help_text="Needed for 'No contact with named people'. Names the provider will "
        "recognise, for example 'Lee Smith, Orchard Park'",
        max_length=300,
        required=False,
        error_messages={"max_length": "Use 300 characters or fewer"},
    )
    reason = forms.ChoiceField(
        label="Why are they not suitable, now or at all?",
        help_text="Needed if they are not suitable now, or not suitable",
        choices=Reason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason_detail = forms.CharField(
        label="More about the decision",
        help_text="Optional. It stays on their record; your senior case manager reads it "
        "with a decision not to refer",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    interest = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        intervention = self.fields["intervention"]
        offered: list[Any] = [("", "Select an intervention")]
        if choices.open:
            offered.append(
                ("Taking referrals", [(str(i.pk), intervention_label(i)) for i in choices.open])
            )
        if choices.others:
            offered.append(
                (
                    "Not taking referrals now: for a decision not to refer",
                    [(str(i.pk), intervention_label(i)) for i in choices.others],
                )
            )
        intervention.choices = offered  # type: ignore[attr-defined]
        goal_choices: list[Any] = [("", "Not linked to their plan")]
        goal_choices.extend(
            (
                goal.title,
                [
                    (f"goal:{goal.pk}", f"The goal: {goal.title}"),
                    *((f"step:{s.pk}", f"Step: {s.description}") for s in goal.steps.all()),
                ],
            )
            for goal in choices.goals
        )
        self.fields["goal"].choices = goal_choices  # type: ignore[attr-defined]
        if not choices.goals:
            self.fields["goal"].help_text = "They have no goals in their plan yet"
        chosen = self.chosen_intervention
        provider = (
            chosen.provider.name
            if chosen is not None and chosen.provider is not None
            else "the organisation that runs it"
        )
        self.fields["consent"].label = f"They agree to their name being shared with {provider}"
        self.fields[
            "consent"
        ].help_text = "Their name goes with every referral. Ask them before you refer"

    @property
    def chosen_intervention(self) -> Intervention | None:
        """The intervention selected so far (posted, or from the link that opened the form)."""
        value = self.data.get("intervention") if self.is_bound else self.initial.get("intervention")
        return self.choices.interventions.get(str(value or ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("suitability") in (Suitability.NOT_NOW, Suitability.NOT_SUITABLE)
            and cleaned.get("reason") == Reason.OTHER
            and not cleaned.get("reason_detail", "").strip()
        ):
            self.add_error("reason_detail", "Say what the other reason is")
        no_contact = Condition.NO_CONTACT.value in cleaned.get("conditions", [])
        names = cleaned.get("keep_apart_from", "").strip()
        if cleaned.get("suitability") == Suitability.SUITABLE and no_contact and not names:
            self.add_error("keep_apart_from", "Name the people they must not be matched with")
        return cleaned

    def decision(self) -> Decision:
        """The case manager's decision, for ``services.referrals.decide``."""
        data = self.cleaned_data
        intervention = self.choices.interventions[data["intervention"]]
        goal, step = self.choices.plan_items.get(data["goal"], (None, None))
        interest = next(
            (
                i
                for i in self.choices.interests
                if str(i.pk) == data["interest"] and i.intervention_id == intervention.pk
            ),
            None,
        )
        return Decision(
            intervention=intervention,
            suitability=Suitability(data["suitability"]),
            reason=data["reason"],
            reason_detail=data["reason_detail"].strip(),
            goal=goal,
            step=step,
            consent=data["consent"],
            shares=frozenset(Shared(value) for value in data["shares"]),
            note_for_provider=data["note_for_provider"].strip(),
            availability_note=data["availability_note"].strip(),
            conditions=frozenset(
                Condition(value)
                for value in [
                    *data["conditions"],
                    *([Condition.NO_CONTACT] if data["keep_apart_from"].strip() else []),
                ]
            ),
            keep_apart_from=data["keep_apart_from"].strip(),
            interest=interest,
        )


END_REASON_CHOICES = EndReason.choices


class WithdrawReferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    end_reason = forms.ChoiceField(
        label="Why are you withdrawing it?",
        choices=END_REASON_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are withdrawing it"},
    )
    note = forms.CharField(
        label="Note",
        help_text="Optional. It goes into the referral's history",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class Outcome:
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


class CloseReferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = forms.ChoiceField(
        label="How did it end?",
        choices=[(Outcome.COMPLETED, "Completed"), (Outcome.ENDED_EARLY, "Ended early")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it was completed or ended early"},
    )
    end_reason = forms.ChoiceField(
        label="Why did it end early?",
        help_text="Needed if it ended early",
        choices=END_REASON_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label="Note",
        help_text="Optional. It goes into the referral's history",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    @property
    def completed(self) -> bool:
        return bool(self.cleaned_data["outcome"] == Outcome.COMPLETED)
