"""The forms of staff learning. Choices come from the selectors (the organiser's office, the
member's own days and sets), so nothing beyond them can be posted."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from mydirection.forms import GovUKDateField
from mydirection.learning.models import ActionLearningSet, SetStatus, TrainingDay
from mydirection.staff.models import Office, TrainingCourse, User


def _text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("max_length", 200)
    messages = {"max_length": f"Use {kwargs['max_length']} characters or fewer"}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label, required=required is not None, error_messages=messages, **kwargs
    )


def _long_text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("max_length", 5000)
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
    return _text(label, required, **kwargs)


class _Staff(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        team = f" ({obj.team.name})" if obj.team_id else ""
        return f"{obj.display_name}{team}"


def _office_field(offices: QuerySet[Office]) -> forms.ModelChoiceField[Office]:
    return forms.ModelChoiceField(
        label="Office",
        queryset=offices,
        empty_label="Select an office",
        error_messages={
            "required": "Select the office",
            "invalid_choice": "Select the office",
        },
    )


def _one_office(form: forms.Form, offices: QuerySet[Office]) -> None:
    """An organiser of one office has it chosen already."""
    only = list(offices[:2])
    if len(only) == 1:
        form.fields["office"].initial = only[0].pk


class TrainingDayForm(forms.Form):
    course = forms.ChoiceField(
        label="Course",
        # Action Learning Sets are kept as sets, not as training days.
        choices=[c for c in TrainingCourse.choices if c[0] != TrainingCourse.ACTION_LEARNING],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the course"},
    )
    held_on = GovUKDateField(
        label="Date",
        help_text="For example, 27 3 2027",
        error_messages={"required": "Enter the date of the training day"},
    )
    place = _text("Place", "Enter where it is held")
    facilitator = _text("Facilitator", "Enter who facilitates it", max_length=120)
    attendees = _Staff(
        label="Staff invited",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the staff invited"},
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], staff: QuerySet[User], **kw: Any):
        super().__init__(*args, **kw)
        self.fields = {"office": _office_field(offices), **self.fields}
        self.fields["attendees"].queryset = staff  # type: ignore[attr-defined]
        _one_office(self, offices)


class AttendanceForm(forms.Form):
    attended = _Staff(
        label="Who attended?",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Those not selected are recorded as not attending.",
    )

    def __init__(self, *args: Any, invited: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = invited  # type: ignore[attr-defined]


class SetForm(forms.Form):
    name = _text("Name of the set", "Enter a name for the set", max_length=120)
    facilitator = forms.ModelChoiceField(
        label="Facilitator",
        queryset=User.objects.none(),
        empty_label="Select the facilitator",
        error_messages={
            "required": "Select the facilitator",
            "invalid_choice": "Select the facilitator",
        },
    )
    members = _Staff(
        label="Members",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="A set has 4 to 8 members.",
        error_messages={"required": "Select the members: a set needs 4 to 8"},
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], staff: QuerySet[User], **kw: Any):
        super().__init__(*args, **kw)
        self.fields = {"office": _office_field(offices), **self.fields}
        _one_office(self, offices)
        self.fields["facilitator"].queryset = staff  # type: ignore[attr-defined]
        self.fields["members"].queryset = staff  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="What is the set's status now?",
        choices=SetStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )


class MeetingForm(forms.Form):
    held_on = GovUKDateField(
        label="Date of the meeting",
        not_future=True,
        error_messages={"required": "Enter the date of the meeting"},
    )
    present = _Staff(
        label="Who came?",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Those not selected are recorded as not attending.",
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    written_on = GovUKDateField(
        label="Date",
        not_future=True,
        help_text="For example, 4 12 2026",
        error_messages={"required": "Enter the date of the entry"},
    )
    training_day = forms.ModelChoiceField(
        label="Training day (optional)",
        queryset=TrainingDay.objects.none(),
        required=False,
        empty_label="Not about a training day",
    )
    learning_set = forms.ModelChoiceField(
        label="Action Learning Set (optional)",
        queryset=ActionLearningSet.objects.none(),
        required=False,
        empty_label="Not about a set",
    )
    what_happened = _long_text("What happened", "Enter what happened")
    what_i_learnt = _long_text("What I learnt")
    do_differently = _long_text("What I will do differently")

    def __init__(
        self,
        *args: Any,
        days: QuerySet[TrainingDay],
        sets: QuerySet[ActionLearningSet],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_day"].queryset = days  # type: ignore[attr-defined]
        self.fields["learning_set"].queryset = sets  # type: ignore[attr-defined]
