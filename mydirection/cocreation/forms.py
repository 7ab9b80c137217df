"""Co-creation's forms. They read what was typed; the rules (who may capture, who may take
consent, what may be used) live in ``rules`` and the services, whose refusals go on the form
with ``mydirection.forms.add_errors``."""

from collections.abc import Iterable
from typing import Any

from django import forms

from mydirection.cocreation.models import (
    ActionStatus,
    Channel,
    Highlight,
    Identification,
    Insight,
    StorytellerRole,
    Technique,
    Theme,
)
from mydirection.forms import GovUKDateField
from mydirection.staff.models import User
from mydirection.uploads import files
from mydirection.uploads.forms import UploadField


def _text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("max_length", 200)
    messages = {"max_length": f"Use {kwargs['max_length']} characters or fewer"}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label, required=required is not None, error_messages=messages, **kwargs
    )


def _long_text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("max_length", 20000)
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
    return _text(label, required, **kwargs)


class ChosenField(forms.ChoiceField):
    """One of ``objects`` (set by the form with ``offer``), by id; ``blank`` offers none."""

    def offer(self, objects: Iterable[Any], label: Any = str, blank: str = "") -> None:
        self.objects = {str(o.pk): o for o in objects}
        first: list[tuple[str, str]] = [("", blank)] if blank else []
        self.choices = first + [(key, label(o)) for key, o in self.objects.items()]

    def chosen(self, value: str) -> Any:
        return self.objects.get(value)


class ChosenManyField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def offer(self, objects: Iterable[Any], label: Any = str) -> None:
        self.objects = {str(o.pk): o for o in objects}
        self.choices = [(key, label(o)) for key, o in self.objects.items()]

    def chosen(self, values: Iterable[str]) -> list[Any]:
        return [self.objects[v] for v in values if v in self.objects]


class CaptureForm(forms.Form):
    title = _text("Title", "Enter a title", max_length=120)
    technique = forms.ChoiceField(
        label="Technique",
        choices=Technique.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the technique"},
    )
    storyteller_role = forms.ChoiceField(
        label="Who is telling the story?",
        choices=StorytellerRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is telling the story"},
    )
    case_reference = _text(
        "Their case reference",
        max_length=20,
        help_text="Only for a person on probation",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    storyteller_name = _text(
        "Their name, as they gave it",
        max_length=120,
        help_text="Not for a person on probation. Their consent decides how outputs name them",
    )
    text = _long_text("The story", help_text="Type it, or upload a recording below")
    recording = UploadField(label="A recording (optional)", required=False, kinds=files.MEDIA)
    transcript = _long_text(
        "Transcript of the recording",
        help_text="What is said in the recording. Outputs quote the transcript once redacted",
    )


class ConsentForm(forms.Form):
    record = forms.BooleanField(
        label="They agree to their story being recorded and kept",
        required=True,
        error_messages={"required": "The storyteller must agree to their story being recorded"},
    )
    analysis = forms.BooleanField(label="They agree to it being analysed", required=False)
    workshops = forms.BooleanField(label="They agree to it being used in workshops", required=False)
    channels = forms.MultipleChoiceField(
        label="Where it may be published",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked if it must not be published",
    )
    identification = forms.ChoiceField(
        label="How may outputs name them?",
        choices=Identification.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how outputs may name them"},
    )
    expires_on = GovUKDateField(
        label="Consent ends on (optional)",
        required=False,
        help_text="For example, 27 3 2028. Leave empty for no end date",
    )


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = _long_text("Why they withdraw (optional)", max_length=1000)


class ScreenForm(forms.Form):
    no_victims = forms.BooleanField(
        label="Nobody who was harmed (a victim) can be identified", required=False
    )
    no_offence_details = forms.BooleanField(
        label="There are no details of any offence", required=False
    )
    no_licence_breach = forms.BooleanField(
        label="Nothing could breach licence conditions (exclusion zones, contact restrictions, "
        "MAPPA arrangements)",
        required=False,
    )
    notes = _long_text("Notes (optional)", max_length=2000)


class RedactForm(forms.Form):
    words = _text(
        "Words to remove",
        "Enter the words to remove",
        help_text="Exactly as they appear in the transcript, for example a name",
    )
    replacement = _text("Replace them with", max_length=60, initial="[name removed]")
    reason = _text("Why", "Say why these words are removed")


class HighlightForm(forms.Form):
    words = _long_text(
        "Words to highlight",
        "Enter the words to highlight",
        max_length=2000,
        help_text="Exactly as they appear in the redacted story",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    themes = ChosenManyField(label="Themes", required=False)

    def __init__(self, *args: Any, themes: Iterable[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenManyField = self.fields["themes"]  # type: ignore[assignment]
        field.offer(themes)

    def chosen_themes(self) -> list[Theme]:
        field: ChosenManyField = self.fields["themes"]  # type: ignore[assignment]
        return field.chosen(self.cleaned_data["themes"])


class ThemeForm(forms.Form):
    name = _text("Theme", "Enter the theme", max_length=80)
    parent = ChosenField(label="Part of", required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, themes: Iterable[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["parent"]  # type: ignore[assignment]
        field.offer(themes, blank="No parent: a top-level theme")

    def chosen_parent(self) -> Theme | None:
        field: ChosenField = self.fields["parent"]  # type: ignore[assignment]
        chosen: Theme | None = field.chosen(self.cleaned_data["parent"])
        return chosen


class InsightForm(forms.Form):
    title = _text("Insight", "Enter the insight", max_length=160)
    summary = _long_text("Summary (optional)", max_length=3000)
    highlights = ChosenManyField(
        label="Highlights it draws on",
        error_messages={"required": "Choose at least one highlight"},
    )

    def __init__(self, *args: Any, highlights: Iterable[Highlight], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenManyField = self.fields["highlights"]  # type: ignore[assignment]
        field.offer(highlights, lambda h: f"“{h.excerpt}” ({h.story.title})")

    def chosen_highlights(self) -> list[Highlight]:
        field: ChosenManyField = self.fields["highlights"]  # type: ignore[assignment]
        return field.chosen(self.cleaned_data["highlights"])


class WorkshopForm(forms.Form):
    title = _text("Workshop", "Enter the workshop's name", max_length=160)
    held_on = GovUKDateField(label="Held on", error_messages={"required": "Enter the date"})
    attendees = _long_text("Who came", max_length=2000, help_text="First names and roles")
    insights = ChosenManyField(label="Insights shown", required=False)
    decisions = _long_text("Decisions", max_length=5000)

    def __init__(self, *args: Any, insights: Iterable[Insight], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenManyField = self.fields["insights"]  # type: ignore[assignment]
        field.offer(insights)

    def chosen_insights(self) -> list[Insight]:
        field: ChosenManyField = self.fields["insights"]  # type: ignore[assignment]
        return field.chosen(self.cleaned_data["insights"])


class ActionForm(forms.Form):
    heard = _long_text("You said: what was heard", "Enter what was heard", max_length=2000)
    done = _long_text("We did: what will change", "Enter what will be done", max_length=2000)
    insight = ChosenField(label="From the insight", required=False, widget=forms.RadioSelect)
    owner = ChosenField(label="Owner", error_messages={"required": "Choose who owns it"})

    def __init__(
        self, *args: Any, insights: Iterable[Insight], owners: Iterable[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        insight: ChosenField = self.fields["insight"]  # type: ignore[assignment]
        insight.offer(insights, blank="None of them")
        owner: ChosenField = self.fields["owner"]  # type: ignore[assignment]
        owner.offer(owners, lambda user: user.display_name, blank="Choose who owns it")

    def chosen(self, name: str) -> Any:
        field: ChosenField = self.fields[name]  # type: ignore[assignment]
        return field.chosen(self.cleaned_data[name])


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )


class GroupForm(forms.Form):
    name = _text("Group name", "Enter the group's name", max_length=120)


class GuideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = _long_text("Best-practice guide", "Enter the guide", max_length=20000)


class ReporterForm(forms.Form):
    account = ChosenField(
        label="A member of staff or volunteer",
        required=False,
        help_text="Or give a person on probation's case reference below",
    )
    case_reference = _text(
        "Case reference of a person on probation (a peer mentor)",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, accounts: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["account"]  # type: ignore[assignment]
        field.offer(
            accounts,
            lambda user: f"{user.display_name} ({user.get_role_display()})",
            blank="Not a member of staff or volunteer",
        )

    def chosen_account(self) -> User | None:
        field: ChosenField = self.fields["account"]  # type: ignore[assignment]
        chosen: User | None = field.chosen(self.cleaned_data["account"])
        return chosen


class TrainingForm(forms.Form):
    trained_on = GovUKDateField(
        label="Completed on", error_messages={"required": "Enter the date of the training"}
    )
    trained_by = _text("Trained by", "Enter who gave the training", max_length=120)


class CoAnalystForm(forms.Form):
    case_reference = _text(
        "Case reference of the person on probation",
        "Enter their case reference",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
