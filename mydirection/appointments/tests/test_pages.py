"""The pages: errors next to fields, the access log, constant queries, the calendar."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry
from mydirection.appointments.models import Appointment, NeedDiscussed, OutcomeKind
from mydirection.appointments.services import enforcement
from mydirection.appointments.testing import (
    AppointmentFactory,
    LocationFactory,
    OutcomeFactory,
    local,
)
from mydirection.messaging.models import PersonMessage
from mydirection.notifications.models import Status as MessageStatus
from mydirection.notifications.testing import MessageFactory
from mydirection.plans.testing import a_goal
from mydirection.testing import PersonFactory, World, acting, allocate, page_queries, sign_in

pytestmark = pytest.mark.django_db


def form(day: object, **extra: str) -> dict[str, str]:
    d = local(0).date() if day is None else day
    values = {
        "appointment_type": "supervision",
        "date_0": str(d.day),  # type: ignore[attr-defined]
        "date_1": str(d.month),  # type: ignore[attr-defined]
        "date_2": str(d.year),  # type: ignore[attr-defined]
        "time": "10:30am",
        "duration_minutes": "45",
        "place": "home",
        "format": "one_to_one",
        "frequency": "",
    }
    return values | extra


def test_arranging_a_series_through_the_page(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:arrange", args=[world.person.pk])
    response = client.post(
        url,
        form(
            local(7).date(),
            format="three_way",
            keyworker_name="Jo Bell",
            keyworker_agency="Renew drug and alcohol service",
            frequency="weekly",
            repeat_count="3",
        ),
    )
    assert response.status_code == 302
    assert Appointment.objects.filter(person=world.person).count() == 3
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None and entry.what == "Appointments arranged"


def test_a_date_in_the_past_is_explained_next_to_the_field(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:arrange", args=[world.person.pk])
    response = client.post(url, form(local(-2).date()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The appointment must be in the future" in page
    assert 'id="date-error"' in page or "date_error" in page
    assert not Appointment.objects.exists()


def test_a_clash_asks_for_a_confirm(world: World) -> None:
    other = allocate(PersonFactory.create(team=world.team_a), world.cm)
    AppointmentFactory.create(person=other, staff=world.cm, starts_at=local(2, 10, 30))
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:arrange", args=[world.person.pk])
    response = client.post(url, form(local(2).date()))
    assert response.status_code == 200
    assert "Check these clashes" in response.content.decode()
    assert not Appointment.objects.filter(person=world.person).exists()
    response = client.post(url, form(local(2).date(), confirm_clashes="on"))
    assert response.status_code == 302


def test_another_persons_appointment_is_not_found(world: World) -> None:
    theirs = AppointmentFactory.create(person=world.other_person, starts_at=local(-1))
    client = sign_in(Client(), world.cm)
    for name in ("detail", "outcome", "reschedule", "decide"):
        url = reverse(f"appointments:{name}", args=[world.person.pk, theirs.pk])
        assert client.get(url).status_code == 404, name


def test_recording_an_outcome_through_the_page(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:outcome", args=[world.person.pk, appointment.pk])
    response = client.post(
        url,
        {
            "outcome": "attended_complied",
            "actual_minutes": "35",
            "needs": ["accommodation", "relationships_community"],
            "tools": ["relationship_circle"],
            "facts": "Talked about the hostel.",
        },
    )
    assert response.status_code == 302
    assert NeedDiscussed.objects.count() == 2
    assert AccessLogEntry.objects.order_by("-id")[0].what == "Appointment outcome recorded"


def grow(world: World, n: int) -> None:
    for i in range(n):
        person = allocate(PersonFactory.create(team=world.team_a), world.cm)
        past = AppointmentFactory.create(
            person=person, staff=world.cm, starts_at=local(0, 8, i % 50)
        )
        OutcomeFactory.create(appointment=past, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE)
        AppointmentFactory.create(person=person, staff=world.cm, starts_at=local(-1, 9, i % 50))
        mine = AppointmentFactory.create(
            person=world.person, staff=world.cm, starts_at=local(-30 - i)
        )
        made = OutcomeFactory.create(appointment=mine)
        NeedDiscussed.objects.create(outcome=made, area="finances")
        enforcement.decide_enforcement(
            actor=acting(world.cm, past.person),
            appointment=past,
            decision="pending",
            reason="Letter",
        )
        # The activity log's other sources: plan changes, messages, reminders sent.
        a_goal(world.person, world.cm)
        PersonMessage.objects.create(person=world.person, from_person=True, text="Running late")
        PersonMessage.objects.create(
            person=world.person, from_person=False, by_user=world.colleague, text="No problem"
        )
        MessageFactory.create(person=world.person, status=MessageStatus.PERMANENT_FAILURE)


def test_the_activity_log_shows_plan_changes_messages_and_reminders(world: World) -> None:
    grow(world, 1)
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:activity", args=[world.person.pk])
    page = client.get(url).content.decode()
    name = world.person.known_as
    assert f"Message from {name}" in page and f"Message to {name}" in page
    assert "Running late" not in page and "No problem" not in page
    assert "Appointment reminder failed" in page
    assert "Goal added" in page
    only = client.get(url, {"kind": ["message"]}).content.decode()
    assert f"Message from {name}" in only and "Appointment reminder" not in only
    reminders = client.get(url, {"kind": ["notification"]}).content.decode()
    assert "Appointment reminder failed" in reminders and "Message from" not in reminders


@pytest.mark.parametrize(
    ("name", "persona", "person_page"),
    [
        ("appointments:diary", "cm", False),
        ("appointments:team-diary", "senior", False),
        ("appointments:enforcement", "cm", False),
        ("appointments:list", "cm", True),
        ("appointments:activity", "cm", True),
        ("caseload:home", "cm", False),
    ],
)
def test_pages_do_not_grow_with_the_diary(
    world: World, name: str, persona: str, person_page: bool
) -> None:
    client = sign_in(Client(), world.personas()[persona])
    url = reverse(name, args=[world.person.pk] if person_page else [])
    grow(world, 2)
    small = page_queries(client, url)
    grow(world, 12)
    assert page_queries(client, url) == small


def test_the_calendar_says_only_what_the_case_manager_needs(world: World) -> None:
    room = LocationFactory.create(office=world.hull, name="Room 4")
    AppointmentFactory.create(
        person=world.person, staff=world.cm, starts_at=local(1), place="listed", location=room
    )
    AppointmentFactory.create(
        person=world.person,
        staff=world.cm,
        starts_at=local(2),
        sensitive=True,
        place="listed",
        location=LocationFactory.create(office=world.hull, name="Women's centre"),
        appointment_type="programme_session",
    )
    client = sign_in(Client(), world.cm)
    response = client.get(reverse("appointments:calendar"))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar"
    assert body.count("BEGIN:VEVENT") == 2
    assert f"SUMMARY:Supervision: {world.person.case_reference}" in body
    assert "LOCATION:Room 4" in body
    assert "SUMMARY:Appointment\r\n" in body
    assert "centre" not in body and "Programme" not in body
    assert world.person.first_name not in body and world.person.last_name not in body
    assert AccessLogEntry.objects.order_by("-id")[0].what == "Diary calendar export"


def test_overdue_outcomes_are_on_the_case_managers_home_page(world: World) -> None:
    due = AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(-2))
    done = AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(-3))
    OutcomeFactory.create(appointment=done)
    client = sign_in(Client(), world.cm)
    page = client.get(reverse("caseload:home")).content.decode()
    # In the "Needs attention" panel (caseload/tests/test_attention.py).
    assert page.count(">Outcome to record<") == 1
    assert reverse("appointments:outcome", args=[world.person.pk, due.pk]) in page


def test_a_second_outcome_editor_is_told_and_keeps_their_text(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    made = OutcomeFactory.create(appointment=appointment)
    url = reverse("appointments:outcome", args=[world.person.pk, appointment.pk])
    client = sign_in(Client(), world.cm)
    posted = {"outcome": "attended_complied", "actual_minutes": "30", "version": made.version}
    assert client.post(url, posted | {"facts": "First"}).status_code == 302
    response = client.post(url, posted | {"facts": "Second, from an old page"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else recorded or changed this outcome" in page
    assert "Second, from an old page" in page


def test_moving_an_appointment_through_the_page(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(2))
    new_day = local(5).date()
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:reschedule", args=[world.person.pk, appointment.pk])
    response = client.post(
        url,
        {
            "date_0": new_day.day,
            "date_1": new_day.month,
            "date_2": new_day.year,
            "time": "2pm",
            "rescheduled_by": "person",
            "reason": "Hospital appointment",
            "version": appointment.version,
        },
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "superseded"
    assert appointment.superseded_by is not None
    assert appointment.superseded_by.starts_at == local(5, 14)


def test_past_appointments_come_a_page_at_a_time_newest_first(world: World) -> None:
    for day in range(1, 26):
        AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(-day))
    AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(3))
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:list", args=[world.person.pk])
    first = client.get(url)
    assert [a.starts_at for a in first.context["appointments"].past] == [
        local(-day) for day in range(1, 21)
    ]
    assert len(first.context["appointments"].upcoming) == 1
    assert "Showing <strong>1</strong> to <strong>20</strong> of <strong>25</strong>" in (
        first.content.decode()
    )
    second = client.get(url, {"page": 2})
    assert [a.starts_at for a in second.context["appointments"].past] == [
        local(-day) for day in range(21, 26)
    ]
    # Still every upcoming one, and no more queries for the second page than the first.
    assert len(second.context["appointments"].upcoming) == 1
    assert page_queries(client, url) == page_queries(client, url + "?page=2")
