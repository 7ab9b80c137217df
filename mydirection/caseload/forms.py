from typing import Any, cast

from django import forms
from django.db.models import Q

from mydirection.caseload.services import HandoverNote
from mydirection.people.models import Person
from mydirection.staff.models import CASE_HOLDING_ROLES, User


class CaseManagerChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        team = obj.team.name if obj.team else "no team"
        return f"{obj.display_name} ({team})"


class ReallocateForm(forms.Form):
    case_manager = CaseManagerChoice(
        label="Who should hold the case?",
        queryset=User.objects.none(),
        empty_label="Select a case manager",
        error_messages={"required": "Select who should hold the case"},
    )
    reason = forms.CharField(
        label="Why is the case moving?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the case is moving"},
    )
    what_matters = forms.CharField(
        label="What matters to the person",
        help_text="In their words where you can: what they care about and are working towards",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    key_history = forms.CharField(
        label="Key history",
        help_text="What the new case manager must know so the person does not have to "
        "repeat their story",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    open_actions = forms.CharField(
        label="Open actions (optional)",
        help_text="What is under way and who is doing it",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, person: Person, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.needs_handover = person.case_manager_id is not None
        field = cast(CaseManagerChoice, self.fields["case_manager"])
        field.queryset = (
            User.objects.filter(
                is_active=True, role__in=CASE_HOLDING_ROLES, team__office_id=person.team.office_id
            )
            .exclude(Q(pk=person.case_manager_id))
            .select_related("team")
            .order_by("team__name", "last_name", "first_name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.needs_handover:
            if not str(cleaned.get("what_matters", "")).strip():
                self.add_error("what_matters", "Enter what matters to the person")
            if not str(cleaned.get("key_history", "")).strip():
                self.add_error("key_history", "Enter the key history")
        return cleaned

    def handover(self) -> HandoverNote:
        return HandoverNote(
            what_matters=self.cleaned_data["what_matters"],
            key_history=self.cleaned_data["key_history"],
            open_actions=self.cleaned_data["open_actions"],
        )
