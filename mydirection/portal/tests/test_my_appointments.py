"""My appointments in the app: what, when, where and who; one to my calendar; asking to move
one, and the case manager accepting (by rescheduling) or declining with a note I read."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry
from mydirection.appointments.models import Appointment, Place, RescheduledBy, Status
from mydirection.appointments.services import moves
from mydirection.appointments.testing import LocationFactory, local
from mydirection.portal.models import MoveRequest, MoveStatus
from mydirection.portal.testing import portal_sign_in, upcoming_appointment
from mydirection.staff.models import Office
from mydirection.testing import World, page_queries, sign_in

pytestmark = pytest.mark.django_db


# Pages -----------------------------------------------------------------------------------------


def test_my_appointments_show_when_where_and_who_but_no_notes(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    Appointment.objects.filter(pk=appointment.pk).update(notes="Private note")
    app = portal_sign_in(Client(), world.person)
    page = app.get(reverse("portal:appointments")).content.decode()
    assert "Queen Street office" in page and world.cm.display_name in page
    detail = app.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
    assert "1 Queen Street" in detail and "Private note" not in detail
    assert AccessLogEntry.objects.latest("id").what == "App: an appointment"


def test_the_phone_says_which_building_how_to_get_there_and_whom_to_call(world: World) -> None:
    """Issue 20, item 5: not only "Interview room 1", but the office, its address, directions
    (the address alone) and the office's number as a tel: link, and in the footer too."""
    Office.objects.filter(pk=world.hull.pk).update(
        address="2 Lowgate\nHull HU1 1EL", phone="01632 960 001"
    )
    appointment = upcoming_appointment(world.person, world.cm)
    Appointment.objects.filter(pk=appointment.pk).update(
        place=Place.LISTED,
        location=LocationFactory.create(office=world.hull, name="Interview room 3", address=""),
    )
    app = portal_sign_in(Client(), world.person)
    for url in (
        reverse("portal:appointments"),
        reverse("portal:appointment", args=[appointment.pk]),
    ):
        page = app.get(url).content.decode()
        assert "Interview room 3<br>Hull office<br>2 Lowgate<br>Hull HU1 1EL" in page
        assert (
            'href="https://www.google.com/maps/search/?api=1&amp;query=2+Lowgate%2C+Hull+HU1+1EL"'
            in page
        )
        assert page.count('href="tel:01632960001"') == 2  # the appointment and the footer


def test_a_sensitive_appointment_names_no_place_as_reminders_do(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    Appointment.objects.filter(pk=appointment.pk).update(sensitive=True)
    app = portal_sign_in(Client(), world.person)
    detail = app.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
    assert "Queen Street" not in detail and "maps" not in detail
    assert "Call the office to check where" in detail
    body = app.get(reverse("portal:appointment-calendar", args=[appointment.pk])).content.decode()
    assert "Queen Street" not in body


def test_a_reason_too_long_to_move_is_refused_by_the_field_never_cut(world: World) -> None:
    """Issue 20, item 7: the reason was cut at 1,000 characters mid-word, unsaid."""
    appointment = upcoming_appointment(world.person, world.cm)
    app = portal_sign_in(Client(), world.person)
    url = reverse("portal:appointment-move", args=[appointment.pk])
    assert " maxlength=" not in app.get(url).content.decode()
    response = app.post(url, {"reason": "a" * (moves.MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert f"at most {moves.MAX_LENGTH} characters" in response.content.decode()
    assert not MoveRequest.objects.exists()


def test_one_appointment_to_my_calendar_says_nothing_about_probation(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    app = portal_sign_in(Client(), world.person)
    response = app.get(reverse("portal:appointment-calendar", args=[appointment.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert body.count("BEGIN:VEVENT") == 1
    assert f"SUMMARY:Appointment with {world.cm.first_name}" in body
    assert "LOCATION:Queen Street office\\n1 Queen Street" in body
    assert "robation" not in body and "Supervision" not in body


def test_the_person_asks_and_the_case_manager_moves_it_from_the_request(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    app = portal_sign_in(Client(), world.person)
    url = reverse("portal:appointment-move", args=[appointment.pk])
    response = app.post(url, {"reason": "I have a hospital appointment", "preferred_times": "Mon"})
    assert response.status_code == 302
    move = MoveRequest.objects.get()
    staff = sign_in(Client(), world.cm)
    tab = staff.get(reverse("appointments:list", args=[world.person.pk])).content.decode()
    request_url = reverse("app-access:move-request", args=[world.person.pk, move.pk])
    assert request_url in tab
    assert request_url in staff.get(reverse("caseload:home")).content.decode()
    reschedule = reverse("appointments:reschedule", args=[world.person.pk, appointment.pk])
    form = staff.get(f"{reschedule}?move={move.pk}").content.decode()
    assert "I have a hospital appointment" in form
    new_start = local(8, hour=14)
    response = staff.post(
        f"{reschedule}?move={move.pk}",
        {
            "date_0": new_start.day,
            "date_1": new_start.month,
            "date_2": new_start.year,
            "time": "14:00",
            "rescheduled_by": RescheduledBy.PERSON,
            "reason": "I have a hospital appointment",
            "version": appointment.version,
        },
    )
    assert response.status_code == 302, response.content.decode()
    move.refresh_from_db()
    appointment.refresh_from_db()
    assert move.status == MoveStatus.ACCEPTED and move.decided_by == world.cm
    assert appointment.status == Status.SUPERSEDED
    assert move.replacement == appointment.superseded_by
    assert appointment.rescheduled_by == RescheduledBy.PERSON
    mine = app.get(reverse("portal:appointments")).content.decode()
    assert "was moved, as you asked" in mine


def test_the_case_manager_declines_with_a_note_the_person_reads(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    move = moves.ask(person=world.person, appointment=appointment, reason="Work")
    staff = sign_in(Client(), world.cm)
    url = reverse("app-access:move-request", args=[world.person.pk, move.pk])
    assert staff.post(url, {"note": ""}).status_code == 200
    assert staff.post(url, {"note": "Please come: it is your review"}).status_code == 302
    app = portal_sign_in(Client(), world.person)
    page = app.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
    assert "Please come: it is your review" in page
    assert AccessLogEntry.objects.filter(
        what="Request to move an appointment declined", actor_id=world.cm.pk
    ).exists()


def test_asking_with_no_reason_shows_an_error(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    app = portal_sign_in(Client(), world.person)
    response = app.post(reverse("portal:appointment-move", args=[appointment.pk]), {})
    assert response.status_code == 200
    assert "Say why you need to move it" in response.content.decode()
    assert not MoveRequest.objects.exists()


def test_another_person_gets_404_on_my_appointment(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    other = portal_sign_in(Client(), world.other_person)
    for name in ("portal:appointment", "portal:appointment-calendar", "portal:appointment-move"):
        assert other.get(reverse(name, args=[appointment.pk])).status_code == 404
    response = other.post(
        reverse("portal:appointment-move", args=[appointment.pk]), {"reason": "x"}
    )
    assert response.status_code == 404 and not MoveRequest.objects.exists()


def test_my_appointments_cost_the_same_queries_for_one_or_many(world: World) -> None:
    app = portal_sign_in(Client(), world.person)
    upcoming_appointment(world.person, world.cm)
    one = page_queries(app, reverse("portal:appointments"))
    for days in range(6, 12):
        appointment = upcoming_appointment(world.person, world.cm, days=days)
        moves.ask(person=world.person, appointment=appointment, reason="Work")
    assert page_queries(app, reverse("portal:appointments")) == one
