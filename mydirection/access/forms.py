from datetime import date, datetime
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet

from mydirection.access.models import Exclusion, Restriction
from mydirection.dates import start_of
from mydirection.forms import GovUKDateField
from mydirection.staff.models import Role, User

# The reasons offered depend on how the user stands to the record.
TEAM_REASONS = [
    ("cover", "I am covering for the case manager"),
    ("duty", "I am the duty officer"),
    ("joint_work", "I am working jointly on this case"),
    ("other", "Another reason"),
]
DATA_PROTECTION_REASONS = [
    ("subject_access", "A subject access request"),
    ("complaint", "A complaint or concern about access to this record"),
    ("audit", "A routine check of the access log"),
    ("other", "Another reason"),
]


class JustificationForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why do you need to open this record?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to open this record"},
    )
    details = forms.CharField(
        label="Tell us more",
        help_text="Required for another reason. Your answer is kept in the access log",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, reasons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reasons = dict(reasons)
        cast(forms.ChoiceField, self.fields["reason"]).choices = reasons

    def clean(self) -> dict[str, str]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == "other" and not str(cleaned.get("details", "")).strip():
            self.add_error("details", "Enter why you need to open this record")
        return cleaned

    @property
    def justification(self) -> str:
        label = self.reasons[self.cleaned_data["reason"]]
        details = str(self.cleaned_data.get("details", "")).strip()
        return f"{label}: {details}" if details else label


class AccessLogSearchForm(forms.Form):
    case_reference = forms.CharField(
        label="Case reference number",
        max_length=7,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={"required": "Enter a case reference number"},
    )
    justification = forms.CharField(
        label="Why are you checking this record's access log?",
        help_text="For example, a subject access request or a complaint. Kept in the access log",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are checking the access log"},
    )


class StaffChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        team = obj.team.name if obj.team else obj.get_role_display()
        return f"{obj.display_name} ({team})"


class StaffChoices(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        team = obj.team.name if obj.team else obj.get_role_display()
        return f"{obj.display_name} ({team})"


def _staff() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .select_related("team")
        .order_by("last_name", "first_name")
    )


class _RuleForm(forms.Form):
    reason = forms.CharField(
        label="Why",
        help_text="For the record. The people it affects do not see this",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why"},
    )
    message = forms.CharField(
        label="Message shown to staff who are refused",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the message staff will see"},
    )
    ends_on = GovUKDateField(
        label="End date (optional)",
        subject="End date",
        required=False,
        future=True,
        help_text="Leave blank to keep it until you end it. For example, 31 3 2027",
    )

    def ends_at(self) -> datetime | None:
        day: date | None = self.cleaned_data.get("ends_on")
        if day is None:
            return None
        return start_of(day)


class ExclusionForm(_RuleForm):
    user = StaffChoice(
        label="Who should be excluded?",
        queryset=User.objects.none(),
        empty_label="Select a member of staff",
        error_messages={"required": "Select who should be excluded"},
    )
    field_order = ["user", "reason", "message", "ends_on"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(StaffChoice, self.fields["user"]).queryset = _staff()
        self.fields["message"].initial = Exclusion._meta.get_field("message").get_default()


class RestrictionForm(_RuleForm):
    allowed = StaffChoices(
        label="Who may see the case?",
        help_text="Everyone else is refused, whatever their role",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one member of staff"},
    )
    field_order = ["allowed", "reason", "message", "ends_on"]

    def __init__(self, *args: object, team_id: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The case's own team, and the data protection officers: a short, relevant list.
        staff = _staff().filter(Q(team_id=team_id) | Q(role=Role.DATA_PROTECTION_OFFICER))
        cast(StaffChoices, self.fields["allowed"]).queryset = staff
        self.fields["message"].initial = Restriction._meta.get_field("message").get_default()
