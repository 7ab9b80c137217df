"""The form for a person-centred tool: rows of statements under each section, plus notes.

Every row says who said it and whether the person has confirmed it. A row left empty is
dropped, so clearing a statement's words removes it from the next version.
"""

from typing import Any, cast

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.html import format_html

from mydirection.person_centred.models import SaidBy, Sector, ToolRecord
from mydirection.person_centred.services import StatementInput
from mydirection.person_centred.tools import ToolSpec
from mydirection.practice import Tool

BLANK_ROWS = 2
# Tools written in the first person: a new row starts as the person's own words.
FIRST_PERSON = {
    Tool.ONE_PAGE_PROFILE,
    Tool.IMPORTANT_TO_FOR,
    Tool.GOOD_DAY_BAD_DAY,
    Tool.RELATIONSHIP_CIRCLE,
    Tool.DECISION_MAKING,
    Tool.STRENGTHS_DOMAINS,
}


class StatementForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    said_by = forms.ChoiceField(
        label="Who said it", required=False, choices=[("", "Select who said it"), *SaidBy.choices]
    )
    confirmed = forms.BooleanField(required=False)
    sector = forms.ChoiceField(
        label="Where they come from",
        required=False,
        choices=[("", "Not recorded"), *Sector.choices],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text", "").strip() and not data.get("said_by"):
            self.add_error("said_by", "Select who said it")
        return data

    @property
    def section_key(self) -> str:
        return str(self["section"].value() or "")


class BaseStatementFormSet(BaseFormSet[StatementForm]):
    def __init__(self, *args: Any, spec: ToolSpec, known_as: str, **kwargs: Any) -> None:
        self.spec = spec
        self.known_as = known_as
        super().__init__(*args, **kwargs)
        counts: dict[str, int] = {}
        for form in self.forms:
            if not spec.uses_sectors:
                del form.fields["sector"]
            section = spec.section(form.section_key)
            counts[form.section_key] = number = counts.get(form.section_key, 0) + 1
            name = section.label if section else "Statement"
            form.fields["text"].label = f"{name}: statement {number}"
            # Said many times on the page: screen readers hear which statement it is about.
            which = format_html(
                '<span class="govuk-visually-hidden"> ({}: statement {})</span>', name, number
            )
            form.fields["said_by"].label = format_html("Who said it{}", which)
            form.fields["confirmed"].label = format_html("{} has confirmed this{}", known_as, which)
            if "sector" in form.fields:
                form.fields["sector"].label = format_html("Where they come from{}", which)

    def clean(self) -> None:
        for form in self.forms:
            if self.spec.section(form.section_key) is None:
                raise forms.ValidationError("This form is out of date: open it again")

    def statements(self) -> list[StatementInput]:
        return [
            StatementInput(
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"].strip(),
                said_by=form.cleaned_data["said_by"],
                confirmed=form.cleaned_data["confirmed"],
                sector=form.cleaned_data.get("sector", ""),
            )
            for form in self.forms
            if form.cleaned_data.get("text", "").strip()
        ]


StatementFormSet = formset_factory(StatementForm, formset=BaseStatementFormSet, extra=0)


def statement_formset(
    data: Any, *, spec: ToolSpec, record: ToolRecord | None, known_as: str
) -> BaseStatementFormSet:
    formset = StatementFormSet(  # type: ignore[call-arg]
        data,
        initial=initial_rows(spec, record),
        prefix="statements",
        spec=spec,
        known_as=known_as,
    )
    return cast(BaseStatementFormSet, formset)


def initial_rows(spec: ToolSpec, record: ToolRecord | None) -> list[dict[str, Any]]:
    """The current statements under each section, then blank rows to add more."""
    said_by = SaidBy.PERSON if spec.tool in FIRST_PERSON else ""
    statements = list(record.statements.all()) if record else []
    rows: list[dict[str, Any]] = []
    for section in spec.sections:
        rows += [
            {
                "section": s.section,
                "text": s.text,
                "said_by": s.said_by,
                "confirmed": s.confirmed,
                "sector": s.sector,
            }
            for s in statements
            if s.section == section.key
        ]
        rows += [{"section": section.key, "said_by": said_by}] * BLANK_ROWS
    return rows


class ToolForm(forms.Form):
    """The free text that goes with the statements, and the version the editor started from."""

    notes = forms.CharField(
        label="Anything else",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How you used the tool, or anything that does not fit above",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
