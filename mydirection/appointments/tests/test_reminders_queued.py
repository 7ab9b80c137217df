"""Arranging, moving and cancelling appointments queue and cancel their reminders, and the
real task worker sends the due one to the outbox."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.appointments.models import Appointment, Place
from mydirection.appointments.services import arranging
from mydirection.appointments.testing import LocationFactory, local
from mydirection.notifications.models import ContactPreferences, Message, Status
from mydirection.notifications.testing import run_tasks
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reachable(world: World) -> World:
    world.person.phone = "07700 900 982"
    world.person.save()
    Consent.objects.create(
        person=world.person,
        purpose=ConsentPurpose.REMINDERS,
        given_on=timezone.localdate(),
        recorded_by=world.cm,
    )
    return world


def arrange(world: World, first: object, **kwargs: object) -> list[Appointment]:
    details = arranging.Details(
        appointment_type="programme_session",
        duration_minutes=45,
        place=kwargs.pop("place", Place.HOME),  # type: ignore[arg-type]
        location=kwargs.pop("location", None),  # type: ignore[arg-type]
        sensitive=bool(kwargs.pop("sensitive", False)),
    )
    made, _ = arranging.arrange(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        staff=world.cm,
        first=first,  # type: ignore[arg-type]
        details=details,
        **kwargs,  # type: ignore[arg-type]
    )
    return made


def test_a_series_queues_one_reminder_each_and_the_worker_sends_the_due_one(
    reachable: World,
) -> None:
    location = LocationFactory.create(office=reachable.hull, name="Hull Probation Office")
    assert reachable.person.team.office == reachable.hull
    reachable.hull.phone = "01632 960001"
    reachable.hull.save()
    first, noon = local(1, hour=14), local(0, hour=12)
    with time_machine.travel(noon, tick=False):
        made = arrange(
            reachable,
            first,
            frequency="weekly",
            count=3,
            place=Place.LISTED,
            location=location,
        )
        queued = Message.objects.order_by("send_after")
        assert [m.reference for m in queued] == [f"appointment:{a.pk}" for a in made]
        assert {m.status for m in queued} == {Status.QUEUED}
        # Tomorrow's is due now (10am today has passed); the others at 10am the day before.
        assert queued[0].send_after == noon
        assert timezone.localtime(queued[1].send_after).hour == 10
        run_tasks()
    sent, *waiting = Message.objects.order_by("send_after")
    assert sent.status == Status.DELIVERED
    assert {m.status for m in waiting} == {Status.QUEUED}
    assert sent.personalisation["place"] == " at Hull Probation Office"
    assert sent.personalisation["first_name"] == reachable.person.known_as
    # No case details: nothing says it is a programme session.
    assert "programme" not in str(sent.personalisation).lower()

    response = sign_in(Client(), reachable.cm).get(reverse("notifications:outbox"))
    page = response.content.decode()
    assert response.status_code == 200
    shown = {row["message"].pk: row["message"].status for row in response.context["rows"]}
    assert shown[sent.pk] == Status.DELIVERED
    assert "You have an appointment on" in page
    assert "at Hull Probation Office" in page
    # How to reach the office, not "reply" (a reply to a Notify text reaches no one).
    assert "If you cannot come or need to change it, call 01632 960001." in page
    assert "Reply" not in page


def test_a_sensitive_appointment_names_no_place(reachable: World) -> None:
    location = LocationFactory.create(office=reachable.hull, name="Women's Centre")
    arrange(reachable, local(3), place=Place.LISTED, location=location, sensitive=True)
    message = Message.objects.get()
    assert message.personalisation["place"] == ""


def test_a_refused_series_queues_nothing(reachable: World) -> None:
    order = reachable.person.orders.get()
    weeks_left = (order.end_date - local(1).date()).days // 7
    with pytest.raises(ValidationError):
        arrange(reachable, local(1), frequency="weekly", count=weeks_left + 3)
    assert not Message.objects.exists()


def test_rescheduling_cancels_the_old_reminder_and_queues_the_new(reachable: World) -> None:
    (old,) = arrange(reachable, local(3))
    new, _ = arranging.reschedule(
        actor=StaffActor(reachable.cm, Relation.CASE_MANAGER),
        appointment=old,
        new_start=local(5),
        rescheduled_by="person",
        reason="Job interview",
        expected_version=old.version,
    )
    assert new is not None
    statuses = dict(Message.objects.values_list("reference", "status"))
    assert statuses == {
        f"appointment:{old.pk}": Status.CANCELLED,
        f"appointment:{new.pk}": Status.QUEUED,
    }
    fresh = Message.objects.get(reference=f"appointment:{new.pk}")
    assert timezone.localtime(fresh.send_after).date() == local(4).date()


def test_cancelling_cancels_the_reminder_and_the_worker_sends_nothing(reachable: World) -> None:
    (appointment,) = arrange(reachable, local(1, hour=14))
    arranging.cancel(
        actor=StaffActor(reachable.cm, Relation.CASE_MANAGER),
        appointment=appointment,
        reason="Order revoked",
        expected_version=appointment.version,
    )
    run_tasks()
    assert Message.objects.get().status == Status.CANCELLED


def test_an_opted_out_person_gets_a_record_and_no_message(reachable: World) -> None:
    ContactPreferences.objects.create(person=reachable.person, reminders_opted_out=True)
    arrange(reachable, local(3))
    message = Message.objects.get()
    assert message.status == Status.OPTED_OUT
    assert message.get_status_display() == "Not sent: opted out"


def test_no_reminder_for_an_appointment_too_soon(reachable: World) -> None:
    arrange(reachable, timezone.now() + timedelta(hours=1))
    assert not Message.objects.exists()
