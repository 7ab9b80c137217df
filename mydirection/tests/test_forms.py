"""GOV.UK form markup from GovUKFormRenderer, and GovUKDateField's parsing and messages.

Forms are rendered directly: no client, no database.
"""

import datetime as dt
import re

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from mydirection.forms import (
    GovUKDateField,
    GovUKDateWidget,
    GovUKFormRenderer,
    PoundsField,
    add_errors,
    join_classes,
    parse_date_parts,
)
from mydirection.templatetags.govuk import error_summary_items


def tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def classes_of(opening_tag: str) -> list[str]:
    match = re.search(r'class="([^"]*)"', opening_tag)
    return match.group(1).split() if match else []


def group(html: str) -> str:
    """The opening tag of the (first) govuk-form-group."""
    match = re.search(r'<div class="govuk-form-group[^"]*">', html)
    assert match
    return match.group(0)


class TextForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        help_text="As it appears on court papers",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"required": "Enter their full name"},
    )
    email = forms.EmailField(label="Email address", required=False)
    events = forms.IntegerField(
        label="Previous events",
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    amount = forms.DecimalField(label="Amount", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}))
    employment = forms.ChoiceField(
        label="Employment", choices=[("", "Select one"), ("employed", "Employed")]
    )


class ChoiceForm(forms.Form):
    contact = forms.ChoiceField(
        label="How should we contact them?",
        help_text="Ask them which they prefer",
        choices=[("", "---------"), ("sms", "Text message"), ("email", "Email")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select how to contact them"},
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        choices=[("housing", "Housing"), ("work", "Work")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one need"},
    )
    agree = forms.BooleanField(
        label="They agree to text reminders",
        help_text="They can change their mind",
        error_messages={"required": "Confirm they agree"},
    )


class DateForm(forms.Form):
    date_of_birth = GovUKDateField(
        label="Date of birth", help_text="For example, 27 3 1990", not_future=True
    )
    joined = GovUKDateField(label="Joined the programme", required=False)


# --- The renderer ---------------------------------------------------------------------------


def test_it_is_the_project_form_renderer(settings):
    assert settings.FORM_RENDERER == "mydirection.forms.GovUKFormRenderer"
    assert GovUKFormRenderer.field_template_name == "govuk/field.html"
    assert GovUKFormRenderer.form_template_name == "govuk/form.html"


def test_it_renders_fields_and_hidden_fields_but_not_non_field_errors():
    class WithHidden(forms.Form):
        name = forms.CharField()
        version = forms.IntegerField(widget=forms.HiddenInput)

        def clean(self):
            raise forms.ValidationError("Someone else changed this record")

    form = WithHidden(data={"name": "Sam", "version": "3"})
    assert not form.is_valid()
    html = str(form)
    assert 'type="hidden" name="version" value="3"' in html
    assert "Someone else changed this record" not in html
    assert "errorlist" not in html
    assert html.count("govuk-form-group") == 1


def test_a_services_refusal_goes_next_to_its_fields_and_the_rest_on_top():
    class Reply(forms.Form):
        text = forms.CharField()

    form = Reply(data={"text": "Hello"})
    assert form.is_valid()
    add_errors(
        form,
        forms.ValidationError({"text": ["Too long", "Rude"], "recipient": "No one to send it to"}),
    )
    assert form.errors["text"] == ["Too long", "Rude"]
    assert form.non_field_errors() == ["No one to send it to"]
    assert "text" not in form.cleaned_data

    plain = Reply(data={"text": "Hello"})
    plain.is_valid()
    add_errors(plain, forms.ValidationError("The record has moved on"))
    assert plain.non_field_errors() == ["The record has moved on"]


def test_it_merges_classes_without_repeats():
    assert join_classes("govuk-input", "govuk-input govuk-input--width-10", "") == (
        "govuk-input govuk-input--width-10"
    )


# --- Text inputs ----------------------------------------------------------------------------


def test_it_renders_a_valid_text_input():
    html = TextForm().as_div()
    field = tag(html, "id_name")
    assert classes_of(field) == ["govuk-input", "govuk-input--width-20"]
    assert 'aria-describedby="id_name_helptext"' in field
    assert "aria-invalid" not in field
    assert '<label class="govuk-label govuk-label--s" for="id_name">Full name</label>' in html
    assert '<div class="govuk-hint" id="id_name_helptext">As it appears on court papers</div>' in (
        html
    )
    assert "govuk-form-group--error" not in html
    assert "govuk-error-message" not in html


def test_it_renders_an_invalid_text_input():
    form = TextForm(data={"name": ""})
    html = form["name"].as_field_group()
    field = tag(html, "id_name")
    assert "govuk-form-group--error" in group(html)
    assert classes_of(field) == ["govuk-input", "govuk-input--width-20", "govuk-input--error"]
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_name_helptext id_name_error"' in field
    assert (
        '<p class="govuk-error-message" id="id_name_error">'
        '<span class="govuk-visually-hidden">Error:</span> Enter their full name</p>'
    ) in html


def test_it_renders_an_email_input():
    html = TextForm()["email"].as_field_group()
    field = tag(html, "id_email")
    assert 'type="email"' in field
    assert classes_of(field) == ["govuk-input"]


def test_it_renders_number_inputs_as_text_with_a_numeric_keyboard():
    form = TextForm(data={"events": "lots"})
    field = tag(form["events"].as_field_group(), "id_events")
    assert 'type="text"' in field
    assert 'inputmode="numeric"' in field
    assert 'value="lots"' in field
    assert "min=" not in field
    assert classes_of(field) == ["govuk-input", "govuk-input--width-3", "govuk-input--error"]
    decimal = tag(TextForm()["amount"].as_field_group(), "id_amount")
    assert 'inputmode="decimal"' in decimal
    assert "step=" not in decimal


def test_it_renders_a_textarea_valid_and_invalid():
    valid = tag(TextForm()["notes"].as_field_group(), "id_notes")
    assert valid.startswith("<textarea")
    assert classes_of(valid) == ["govuk-textarea"]
    assert 'rows="3"' in valid
    invalid_html = TextForm(data={})["notes"].as_field_group()
    invalid = tag(invalid_html, "id_notes")
    assert classes_of(invalid) == ["govuk-textarea", "govuk-textarea--error"]
    assert 'aria-describedby="id_notes_error"' in invalid
    assert "govuk-form-group--error" in group(invalid_html)


def test_it_renders_a_select_valid_and_invalid():
    valid = tag(TextForm()["employment"].as_field_group(), "id_employment")
    assert valid.startswith("<select")
    assert classes_of(valid) == ["govuk-select"]
    invalid_html = TextForm(data={})["employment"].as_field_group()
    assert classes_of(tag(invalid_html, "id_employment")) == [
        "govuk-select",
        "govuk-select--error",
    ]
    assert 'id="id_employment_error"' in invalid_html


def test_it_can_make_the_label_the_page_heading():
    html = render_to_string("govuk/field.html", {"field": TextForm()["name"], "page_heading": True})
    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" '
        'for="id_name">Full name</label></h1>'
    ) in html
    sized = render_to_string("govuk/field.html", {"field": TextForm()["name"], "label_size": "m"})
    assert "govuk-label--m" in sized
    assert "<h1" not in sized


# --- Radios and checkboxes ------------------------------------------------------------------


def test_it_renders_radios_in_a_fieldset():
    html = ChoiceForm()["contact"].as_field_group()
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_contact_helptext">' in html
    assert "govuk-fieldset__legend govuk-fieldset__legend--s" in html
    assert "How should we contact them?" in html
    assert '<div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">' in html
    # The blank choice is not a radio.
    assert "---------" not in html
    assert html.count('class="govuk-radios__item"') == 2
    sms = tag(html, "id_contact_1")
    assert classes_of(sms) == ["govuk-radios__input"]
    assert 'type="radio"' in sms
    assert 'value="sms"' in sms
    assert "govuk-radios--inline" not in sms
    assert '<label class="govuk-label govuk-radios__label" for="id_contact_1">' in html


def test_it_renders_radios_with_an_error_and_a_choice():
    invalid = ChoiceForm(data={})["contact"].as_field_group()
    assert "govuk-form-group--error" in group(invalid)
    assert 'aria-describedby="id_contact_helptext id_contact_error"' in invalid
    assert "Select how to contact them" in invalid
    chosen = ChoiceForm(data={"contact": "email"})["contact"].as_field_group()
    assert "checked" in tag(chosen, "id_contact_2")
    assert "checked" not in tag(chosen, "id_contact_1")


def test_it_renders_checkboxes_in_a_fieldset():
    html = ChoiceForm(data={"needs": ["work"]})["needs"].as_field_group()
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert "<fieldset" in html
    assert "<legend" in html
    housing, work = tag(html, "id_needs_0"), tag(html, "id_needs_1")
    assert classes_of(housing) == ["govuk-checkboxes__input"]
    assert 'type="checkbox"' in housing
    assert "checked" in work
    assert "checked" not in housing
    invalid = ChoiceForm(data={})["needs"].as_field_group()
    assert 'aria-describedby="id_needs_error"' in invalid
    assert "Select at least one need" in invalid


def test_it_renders_a_single_checkbox_with_its_hint_beside_it():
    html = ChoiceForm(data={})["agree"].as_field_group()
    assert "<fieldset" not in html
    box = tag(html, "id_agree")
    assert classes_of(box) == ["govuk-checkboxes__input"]
    assert 'aria-describedby="id_agree_helptext id_agree_error"' in box
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_agree">'
        "They agree to text reminders</label>"
    ) in html
    assert '<div class="govuk-hint govuk-checkboxes__hint" id="id_agree_helptext">' in html
    assert "Confirm they agree" in html
    assert "govuk-form-group--error" in group(html)


# --- Date input -----------------------------------------------------------------------------


def test_it_renders_a_date_input():
    html = DateForm(initial={"date_of_birth": dt.date(1990, 3, 27)})[
        "date_of_birth"
    ].as_field_group()
    assert (
        '<fieldset class="govuk-fieldset" role="group" '
        'aria-describedby="id_date_of_birth_helptext">'
    ) in html
    assert '<div class="govuk-date-input" id="id_date_of_birth">' in html
    for index, (label, width, value) in enumerate(
        [("Day", 2, "27"), ("Month", 2, "3"), ("Year", 4, "1990")]
    ):
        box = tag(html, f"id_date_of_birth_{index}")
        assert f'name="date_of_birth_{index}"' in box
        assert f'value="{value}"' in box
        assert 'inputmode="numeric"' in box
        assert classes_of(box) == [
            "govuk-input",
            "govuk-date-input__input",
            f"govuk-input--width-{width}",
        ]
        assert (
            f'<label class="govuk-label govuk-date-input__label" '
            f'for="id_date_of_birth_{index}">{label}</label>'
        ) in html


def test_it_marks_only_the_missing_part_of_a_date():
    form = DateForm(
        data={"date_of_birth_0": "12", "date_of_birth_1": "", "date_of_birth_2": "1990"}
    )
    html = form["date_of_birth"].as_field_group()
    assert "govuk-form-group--error" in group(html)
    assert 'aria-describedby="id_date_of_birth_helptext id_date_of_birth_error"' in html
    assert "Date of birth must include a month" in html
    assert "govuk-input--error" not in tag(html, "id_date_of_birth_0")
    assert "govuk-input--error" in tag(html, "id_date_of_birth_1")
    assert 'aria-invalid="true"' in tag(html, "id_date_of_birth_1")
    assert "aria-invalid" not in tag(html, "id_date_of_birth_2")
    # What was typed is kept.
    assert 'value="12"' in tag(html, "id_date_of_birth_0")


def test_it_marks_every_part_when_the_whole_date_is_wrong():
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)):
        form = DateForm(
            data={"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "2030"}
        )
        html = form["date_of_birth"].as_field_group()
    assert "Date of birth must be today or in the past" in html
    for index in range(3):
        assert "govuk-input--error" in tag(html, f"id_date_of_birth_{index}")


def test_it_can_ask_for_birthday_autocomplete():
    widget = GovUKDateWidget(autocomplete="bday")
    html = widget.render("dob", dt.date(1990, 1, 2), {"id": "id_dob"})
    assert 'autocomplete="bday-day"' in html
    assert 'autocomplete="bday-year"' in html


# --- GovUKDateField -------------------------------------------------------------------------


def clean(field: GovUKDateField, day: str, month: str, year: str) -> dt.date | None:
    value: dt.date | None = field.clean([day, month, year])
    return value


def message(field: GovUKDateField, day: str, month: str, year: str) -> str:
    with pytest.raises(forms.ValidationError) as caught:
        clean(field, day, month, year)
    return caught.value.messages[0]


def test_it_reads_a_date():
    field = GovUKDateField(label="Date of birth")
    assert clean(field, "27", "3", "1990") == dt.date(1990, 3, 27)
    assert clean(field, " 07 ", "03", "1990") == dt.date(1990, 3, 7)
    assert clean(field, "1", "March", "2024") == dt.date(2024, 3, 1)
    assert clean(field, "1", "sept", "2024") == dt.date(2024, 9, 1)


def test_it_leaves_an_optional_date_empty():
    assert clean(GovUKDateField(label="Joined", required=False), "", " ", "") is None


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("", "", ""), "Enter date of birth"),
        (("", "3", "1990"), "Date of birth must include a day"),
        (("27", "", "1990"), "Date of birth must include a month"),
        (("27", "3", ""), "Date of birth must include a year"),
        (("", "", "1990"), "Date of birth must include a day and month"),
        (("27", "", ""), "Date of birth must include a month and year"),
        (("31", "2", "1990"), "Date of birth must be a real date"),
        (("1", "13", "1990"), "Date of birth must be a real date"),
        (("x", "3", "1990"), "Date of birth must be a real date"),
        (("27", "3", "90"), "Year must include 4 numbers"),
    ],
)
def test_it_explains_what_is_wrong_with_a_date(parts, expected):
    assert message(GovUKDateField(label="Date of birth"), *parts) == expected


def test_it_checks_the_date_against_today_and_limits():
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)):
        past = GovUKDateField(label="Date of sentence", past=True)
        assert message(past, "1", "3", "2026") == "Date of sentence must be in the past"
        assert clean(past, "28", "2", "2026") == dt.date(2026, 2, 28)
        not_future = GovUKDateField(label="Date of birth", not_future=True)
        assert clean(not_future, "1", "3", "2026") == dt.date(2026, 3, 1)
        assert message(not_future, "2", "3", "2026") == (
            "Date of birth must be today or in the past"
        )
        future = GovUKDateField(label="Appointment date", future=True)
        assert message(future, "1", "3", "2026") == "Appointment date must be in the future"
    limited = GovUKDateField(
        label="Start date", min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)
    )
    assert message(limited, "31", "12", "2019") == (
        "Start date must be the same as or after 1 January 2020"
    )
    assert message(limited, "1", "1", "2031") == (
        "Start date must be the same as or before 31 December 2030"
    )


def test_it_uses_a_subject_and_custom_messages():
    question = GovUKDateField(label="When did the order start?", subject="Start date")
    assert message(question, "", "", "") == "Enter start date"
    assert message(question, "1", "", "2020") == "Start date must include a month"
    custom = GovUKDateField(
        label="Date of birth", error_messages={"required": "Enter their date of birth"}
    )
    assert message(custom, "", "", "") == "Enter their date of birth"
    initialism = GovUKDateField(label="OGRS assessment date")
    assert message(initialism, "", "", "") == "Enter OGRS assessment date"


def test_it_knows_when_a_date_has_changed():
    field = GovUKDateField(label="Date of birth")
    assert not field.has_changed(dt.date(1990, 3, 27), ["27", "03", "1990"])
    assert field.has_changed(dt.date(1990, 3, 27), ["28", "3", "1990"])
    assert field.has_changed(dt.date(1990, 3, 27), ["x", "3", "1990"])


def test_it_gives_the_cleaned_date_to_the_form():
    form = DateForm(
        data={"date_of_birth_0": "27", "date_of_birth_1": "3", "date_of_birth_2": "1990"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"date_of_birth": dt.date(1990, 3, 27), "joined": None}


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_it_reads_back_any_date_it_shows(value):
    widget = GovUKDateWidget()
    parsed, problem = parse_date_parts(*widget.decompress(value))
    assert problem is None
    assert parsed == value


# --- Error summary items --------------------------------------------------------------------


def test_it_links_each_error_to_its_field():
    class Everything(forms.Form):
        name = TextForm.base_fields["name"]
        contact = ChoiceForm.base_fields["contact"]
        needs = ChoiceForm.base_fields["needs"]
        date_of_birth = DateForm.base_fields["date_of_birth"]

        def clean(self):
            raise forms.ValidationError("Someone else changed this record")

    form = Everything(data={"date_of_birth_0": "1", "date_of_birth_1": "", "date_of_birth_2": ""})
    assert not form.is_valid()
    assert error_summary_items(form=form) == [
        {"text": "Someone else changed this record", "href": ""},
        {"text": "Enter their full name", "href": "#id_name"},
        # The blank choice is left out, so the first radio is the second choice.
        {"text": "Select how to contact them", "href": "#id_contact_1"},
        {"text": "Select at least one need", "href": "#id_needs_0"},
        # The first box at fault: the month.
        {"text": "Date of birth must include a month and year", "href": "#id_date_of_birth_1"},
    ]


def test_it_collects_errors_from_several_forms_and_formsets():
    formset = formset_factory(TextForm, extra=1)(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-name": ""}
    )
    assert not formset.is_valid()
    items = error_summary_items(
        forms=[DateForm(data={}), formset, None, ""], errors=["Choose a person first"]
    )
    assert items[0] == {"text": "Choose a person first", "href": ""}
    assert {"text": "Enter date of birth", "href": "#id_date_of_birth_0"} in items
    assert {"text": "Enter their full name", "href": "#id_form-0-name"} in items
    assert error_summary_items(form=TextForm()) == []
    assert error_summary_items(form="") == []


def test_pounds_typed_become_pence_and_bad_amounts_say_why() -> None:
    field = PoundsField()
    assert field.clean("£35.50") == 3550
    for typed, message in [("-1", "more than £0"), ("0", "more than £0"), ("2.345", "penny")]:
        with pytest.raises(ValidationError, match=message):
            field.clean(typed)


class Limited(forms.Form):
    reason = forms.CharField(max_length=10, widget=forms.Textarea, help_text="Why")
    name = forms.CharField(max_length=5)


def test_limited_text_gets_a_character_count_and_no_browser_cut() -> None:
    """Issue 20, item 7: the browser's maxlength cut pasted text silently; the limit is now
    shown as it is typed (GOV.UK character count) and enforced by the form, with a message."""
    form = Limited({"reason": "x" * 12, "name": "abcdefg"})
    assert not form.is_valid()
    html = str(form)
    assert " maxlength=" not in html
    assert 'data-module="govuk-character-count" data-maxlength="10"' in html
    assert 'aria-describedby="id_reason-info id_reason_helptext id_reason_error"' in html
    assert "You can enter up to 10 characters" in html
    assert "at most 10 characters (it has 12)" in str(form.errors["reason"])
    assert "at most 5 characters" in str(form.errors["name"])
