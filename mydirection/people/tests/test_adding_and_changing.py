"""Adding and changing a person: bad input is explained and saves nothing."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.caseload.models import Allocation
from mydirection.people.models import Person
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db

VALID = {
    "case_reference": "h123456",
    "first_name": "Jordan",
    "last_name": "Ellis",
    "date_of_birth_0": "14",
    "date_of_birth_1": "2",
    "date_of_birth_2": "1991",
    "gender": "female",
    "contact_preference": "sms",
    "accommodation": "settled",
    "employment": "unemployed",
    "index_offence": "theft",
    "previous_events": "3",
    "risk_level": "medium",
    "postcode": "hu1 2ab",
}


def test_it_adds_a_person_to_my_caseload(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(reverse("caseload:add-person"), VALID)
    person = Person.objects.get(case_reference="H123456")
    assert response["Location"] == reverse("people:overview", args=[person.pk])
    assert person.case_manager == world.cm
    assert person.team == world.team_a
    assert person.postcode == "HU1 2AB"
    assert person.date_of_birth == date(1991, 2, 14)
    assert Allocation.objects.filter(person=person, case_manager=world.cm).count() == 1
    operations = set(
        AccessLogEntry.objects.filter(subject_id=person.pk).values_list("operation", flat=True)
    )
    assert operations == {Operation.COLLECT, Operation.ALTER}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("case_reference", "123", "Enter a case reference number as one letter and 6 digits"),
        ("first_name", "", "Enter their first name"),
        ("date_of_birth_1", "13", "must be a real date"),
        ("date_of_birth_2", "2099", "Date of birth must be in the past"),
        ("postcode", "HU1", "Enter a real postcode"),
        ("ogrs3", "140", "OGRS3 score must be between 0 and 99"),
        ("previous_events", "", "Enter the number of previous offending events"),
        ("email", "not-an-email", "Enter an email address in the correct format"),
    ],
)
def test_it_explains_bad_input_and_saves_nothing(
    world: World, field: str, value: str, message: str
) -> None:
    client = sign_in(Client(), world.cm)
    before = (Person.objects.count(), AccessLogEntry.objects.count())
    response = client.post(reverse("caseload:add-person"), VALID | {field: value})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "There is a problem" in page
    assert "govuk-error-message" in page
    assert (Person.objects.count(), AccessLogEntry.objects.count()) == before


def test_it_refuses_a_case_reference_already_in_use(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(
        reverse("caseload:add-person"), VALID | {"case_reference": world.person.case_reference}
    )
    assert "Another person already has this case reference number" in response.content.decode()


def _edit_form(client: Client, person: Person) -> dict[str, object]:
    form = client.get(reverse("people:edit", args=[person.pk])).context["form"]
    data: dict[str, object] = {}
    for name in form.fields:
        value = form[name].value()
        if name in ("date_of_birth", "programme_start"):
            if value:
                data |= {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}
            continue
        if value is None or value is False:
            continue
        data[name] = value
    return data


def test_it_saves_a_change_and_logs_which_fields_changed(world: World) -> None:
    client = sign_in(Client(), world.cm)
    data = _edit_form(client, world.person)
    response = client.post(
        reverse("people:edit", args=[world.person.pk]), data | {"pronouns": "they/them"}
    )
    assert response.status_code == 302
    world.person.refresh_from_db()
    assert world.person.pronouns == "they/them"
    entry = AccessLogEntry.objects.filter(operation=Operation.ALTER).latest("id")
    assert entry.details == {"fields": ["pronouns"]}
    assert "they/them" not in str(entry.details)


def test_a_second_save_from_an_old_version_is_told_and_keeps_its_text(world: World) -> None:
    first = sign_in(Client(), world.cm)
    second = sign_in(Client(), world.senior)
    first_data = _edit_form(first, world.person)
    second_data = _edit_form(second, world.person)
    first.post(reverse("people:edit", args=[world.person.pk]), first_data | {"pronouns": "she/her"})
    response = second.post(
        reverse("people:edit", args=[world.person.pk]), second_data | {"pronouns": "he/him"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else has changed this record" in page
    assert 'value="he/him"' in page  # their text is still in the form
    world.person.refresh_from_db()
    assert world.person.pronouns == "she/her"  # nothing silently overwritten
    # Saving again starts from the version now stored; the identity bar shows what is stored.
    assert f'name="version" value="{world.person.version}"' in page
    assert "(she/her)" in page and "(he/him)" not in page
