from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from mydirection.forms import GovUKDateField
from mydirection.people.models import Person, Requirement
from mydirection.plans.models import Agreement, GoalStatus, NoteKind, StepActor, StepStatus, Support
from mydirection.plans.selectors import target_text
from mydirection.practice import Area, ConversationKind
from mydirection.staff.models import User


def requirement_label(requirement: Requirement) -> str:
    text = requirement.get_requirement_type_display()
    if requirement.description:
        text += f": {requirement.description}"
    return f"{text} ({requirement.order.get_order_type_display()})"


class _PlanForm(forms.Form):
    """Goal and step forms: the order's requirements to link, and the version to check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, person: Person, requirements: list[Requirement], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["requirements"] = forms.MultipleChoiceField(
            label="Which requirements of the order does this help deliver?",
            help_text="Select all that apply, or none",
            choices=[(str(r.pk), requirement_label(r)) for r in requirements],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        if not requirements:
            del self.fields["requirements"]
        self.fields["with_person"] = forms.BooleanField(
            label=f"Worked out together with {person.known_as}",
            help_text=f"Tick only if {person.known_as} took part",
            required=False,
        )


class GoalForm(_PlanForm):
    title = forms.CharField(
        label="What is the goal, in the person's own words?",
        help_text="For example, 'I want my own flat so my kids can stay over'",
        max_length=300,
        # A text area, so the character count shows the 300 as the words are typed.
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the goal in the person's words"},
    )
    area = forms.ChoiceField(
        label="Which area is it about?",
        choices=[("", "Select an area"), *Area.choices],
        error_messages={"required": "Select the area the goal is about"},
    )
    related_areas = forms.MultipleChoiceField(
        label="Related areas",
        help_text="Other areas this goal touches, if any",
        choices=Area.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    status = forms.ChoiceField(
        label="When will they work on it?",
        choices=[(GoalStatus.ACTIVE, "Now"), (GoalStatus.FUTURE, "In the future")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select when they will work on it"},
    )
    target_date = GovUKDateField(
        label="Target date", required=False, help_text="Optional. For example, 27 3 2027"
    )

    def __init__(self, *args: Any, order_ends: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if order_ends is not None:
            self.fields[
                "target_date"
            ].help_text = (
                f"Optional. For example, 27 3 2027. The order ends on {target_text(order_ends)}"
            )


class GoalEditForm(GoalForm):
    """Changing a goal: its status changes through achieve, remove or add back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["status"]


class GoalStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label="What has happened to this goal?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has happened to the goal"},
    )
    note = forms.CharField(
        label="Note",
        help_text="Needed when a goal is achieved or removed: how, or why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if current in (GoalStatus.ACHIEVED, GoalStatus.REMOVED):
            choices = [
                (GoalStatus.ACTIVE, "Add it back, to work on now"),
                (GoalStatus.FUTURE, "Add it back, for the future"),
            ]
        else:
            choices = [
                (GoalStatus.ACHIEVED, "Achieved"),
                (GoalStatus.REMOVED, "Remove it from the plan"),
            ]
        self.fields["status"].choices = choices  # type: ignore[attr-defined]


class StepForm(_PlanForm):
    description = forms.CharField(
        label="What will be done?",
        max_length=300,
        error_messages={"required": "Enter what will be done"},
    )
    actor = forms.ChoiceField(
        label="Who will do it?",
        choices=StepActor.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who will do it"},
    )
    actor_detail = forms.CharField(
        label="Who, by name",
        help_text="The organisation or person, if it helps. Needed for 'Someone else'",
        max_length=120,
        required=False,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=StepStatus.choices,
        widget=forms.RadioSelect,
        initial=StepStatus.NOT_STARTED,
        error_messages={"required": "Select the status of the step"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("actor") == StepActor.SOMEONE_ELSE and not cleaned.get("actor_detail"):
            self.add_error("actor_detail", "Say who will do it")
        return cleaned


class AgreementForm(forms.Form):
    agreement = forms.ChoiceField(
        label="Does the person agree to their plan?",
        choices=[
            (Agreement.AGREED, "Yes, they agree"),
            (Agreement.NOT_AGREED, "No, they do not agree"),
            (Agreement.COULD_NOT_ANSWER, "They could not answer"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person agrees to their plan"},
    )
    reason = forms.CharField(
        label="Why not, or why could they not answer?",
        help_text="Needed unless they agree",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        agreement = cleaned.get("agreement")
        if agreement and agreement != Agreement.AGREED and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why the person did not agree or could not answer")
        return cleaned


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is this a progress note or a review of the plan?",
        choices=NoteKind.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        initial=NoteKind.PROGRESS,
        error_messages={"required": "Select a progress note or a review"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the note"},
    )
    needs_support = forms.ChoiceField(
        label="Does the person need support with their plan?",
        choices=Support.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select whether the person needs support"},
    )
    person_involved = forms.TypedChoiceField(
        label="Was the person involved in this note?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select whether the person was involved"},
    )


class ConversationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which conversation was it?",
        choices=ConversationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which conversation it was"},
    )
    held_on = GovUKDateField(label="Date of the conversation", not_future=True)
    note = forms.CharField(
        label="Short note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    emergency_plan = forms.CharField(
        label="Emergency plan: what will happen",
        help_text="Needed for conversation 2 (crisis)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    emergency_worker = forms.ModelChoiceField(
        label="Named worker who stays with the person",
        help_text="Needed for conversation 2 (crisis)",
        queryset=User.objects.none(),
        required=False,
    )
    review_on = GovUKDateField(
        label="Review date of the emergency plan",
        help_text="Needed for conversation 2 (crisis)",
        required=False,
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["emergency_worker"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            Q(team_id=person.team_id) | Q(pk=person.case_manager_id), is_active=True
        ).order_by("first_name", "last_name")
        field.label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]
        field.empty_label = "Select a worker"  # type: ignore[attr-defined]


class ShareForm(forms.Form):
    shared_with = forms.CharField(
        label="Who is the plan shared with?",
        max_length=200,
        error_messages={"required": "Enter the name of who the plan is shared with"},
    )
    relationship = forms.CharField(
        label="Who are they to the person?",
        help_text="For example, 'Mother' or 'Keyworker at Emmaus Hull'",
        max_length=100,
        error_messages={"required": "Enter who they are to the person"},
    )
