from typing import Any, cast

from django import forms

from mydirection.caseload import importing
from mydirection.caseload.selectors import case_managers_to_offer
from mydirection.caseload.services import HandoverNote
from mydirection.csvimport import NotText, read_text
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.uploads.forms import GovUKFileInput
from mydirection.wording import counted


def offer_hint(user: User) -> str:
    """What choosing a case manager rests on: how many live cases they hold, and whether they
    have had person-centred training (annotations of ``case_managers_to_offer``)."""
    size = counted(getattr(user, "caseload_size", 0), "live case", "live cases")
    trained_on = getattr(user, "person_centred_on", None)
    training = (
        f"person-centred training {trained_on:%B %Y}"
        if trained_on
        else "no person-centred training"
    )
    return f"{size}; {training}"


class CaseManagerRadios(forms.RadioSelect):
    """Radios, each with its hint (``govuk/field.html`` shows an option's ``hint``)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        user = getattr(option["value"], "instance", None)
        if isinstance(user, User):
            option["hint"] = offer_hint(user)
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-hint"
        return option


class CaseManagerChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        team = obj.team.name if obj.team else "no team"
        return f"{obj.display_name} ({team})"


class ReallocateForm(forms.Form):
    case_manager = CaseManagerChoice(
        label="Who should hold the case?",
        help_text="Case managers in this office, with how many live cases each holds and "
        "whether they have had person-centred training",
        queryset=User.objects.none(),
        widget=CaseManagerRadios,
        empty_label=None,
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
        field.queryset = case_managers_to_offer(person)

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


class ImportCasesForm(forms.Form):
    """The extract to import: a CSV file, read and checked, never kept (``uploads`` keeps
    files; this one only passes through). Cleaned to its text."""

    file = forms.FileField(
        label="Upload the extract",
        help_text=f"A CSV file, smaller than {importing.MAX_BYTES // (1024 * 1024)}MB",
        widget=GovUKFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded. Try again",
            "missing": "The selected file could not be uploaded. Try again",
        },
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {importing.MAX_BYTES // (1024 * 1024)}MB"
            )
        try:
            return read_text(upload)
        except NotText:
            raise forms.ValidationError(
                "The selected file must be a CSV file. Save the spreadsheet as "
                "'CSV UTF-8 (comma delimited)' and try again"
            ) from None
