"""Reminder texts on a volunteer's behalf: the templated reminder, by text, through the
notifications outbox to the people taking part who agreed to reminders; logged; once per
session; the volunteer never sees a name or a phone number."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.notifications.models import Message, Purpose
from mydirection.notifications.models import Status as MessageStatus
from mydirection.notifications.texts import render
from mydirection.people.models import Consent, ConsentPurpose, Person
from mydirection.staff.models import User
from mydirection.testing import PersonFactory, World, sign_in
from mydirection.volunteering.models import Session, Volunteer
from mydirection.volunteering.services import sessions
from mydirection.volunteering.testing import as_coordinator
from mydirection.volunteering.tests.builders import a_session, helper_role, worlds_volunteer

pytestmark = pytest.mark.django_db

# A Wednesday at 10am in London: inside everyone's contact hours.
MID_MORNING = datetime(2026, 5, 13, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def mid_morning() -> Iterator[None]:
    with time_machine.travel(MID_MORNING, tick=True):
        yield


def taking_part(world: World, intervention: object, phone: str, consent: bool) -> Person:
    # A surname no page says otherwise (a random one such as "Cook" is in "Cookies").
    last_name = f"Quarrendon-{phone[-3:] or 'none'}"
    person = PersonFactory.create(
        team=world.team_a, phone=phone, first_name="Jo", last_name=last_name
    )
    a_referral(person, intervention, world.cm, status=Status.ACCEPTED)  # type: ignore[arg-type]
    if consent:
        Consent.objects.create(
            person=person,
            purpose=ConsentPurpose.REMINDERS,
            given_on=timezone.localdate(),
            recorded_by=world.cm,
        )
    return person


@pytest.fixture
def group(world: World, coord: User) -> tuple[Session, Volunteer, list[Person]]:
    vic = worlds_volunteer(world, coord, helper_role())
    intervention = an_intervention(world.hull)
    people = [
        taking_part(world, intervention, "07700 900111", consent=True),
        taking_part(world, intervention, "07700 900222", consent=True),
        taking_part(world, intervention, "07700 900333", consent=False),
        taking_part(world, intervention, "", consent=True),
    ]
    session = a_session(
        world, coord, helper_role(), intervention=intervention, starts_in=timedelta(days=1)
    )
    sessions.sign_up(
        actor=as_coordinator(coord), session=session, volunteer=vic, role=helper_role()
    )
    return session, vic, people


def remind_url(session: Session) -> str:
    return reverse("volunteering:mine-remind", args=[session.pk])


def test_the_volunteer_sees_the_text_and_how_many_it_reaches_never_who(
    world: World, group: tuple[Session, Volunteer, list[Person]]
) -> None:
    session, _vic, people = group
    client = sign_in(Client(), world.volunteer)
    assert (
        "Send a reminder text"
        in client.get(reverse("volunteering:mine-session", args=[session.pk])).content.decode()
    )
    page = client.get(remind_url(session)).content.decode()
    assert "Hello [their first name], a reminder that Recovery group is on Thursday 14 May" in page
    assert "2 people taking part will get it by text. 2 people will not" in page
    for person in people:
        assert person.last_name not in page
    assert "07700" not in page


def test_sending_queues_the_reminder_for_those_who_agreed_and_logs_it(
    world: World, group: tuple[Session, Volunteer, list[Person]]
) -> None:
    session, vic, people = group
    client = sign_in(Client(), world.volunteer)
    response = client.post(remind_url(session), follow=True)
    assert (
        "Reminder sent by text to 2 people. 2 other people could not get a text"
        in response.content.decode()
    )
    messages = Message.objects.filter(purpose=Purpose.SESSION_REMINDER)
    queued = messages.filter(status=MessageStatus.QUEUED)
    assert {m.person_id for m in queued} == {people[0].pk, people[1].pk}
    assert {m.status for m in messages.exclude(status=MessageStatus.QUEUED)} == {
        MessageStatus.OPTED_OUT,
        MessageStatus.NO_CONTACT_DETAILS,
    }
    text = render("session_reminder", queued.first().personalisation)  # type: ignore[union-attr]
    assert text == (
        "Hello Jo, a reminder that Recovery group is on Thursday 14 May at 10am at "
        f"{session.place}."
    )
    assert all(m.expires_at == session.starts_at for m in messages)
    logged = AccessLogEntry.objects.filter(
        actor_id=world.volunteer.pk, what="Session reminder text", operation=Operation.COLLECT
    )
    assert {e.subject_id for e in logged} == {p.pk for p in people}
    assert {e.relation for e in logged} == {"volunteer"}
    del vic


def test_reminders_go_once_per_session(
    world: World, group: tuple[Session, Volunteer, list[Person]]
) -> None:
    session, _vic, _people = group
    client = sign_in(Client(), world.volunteer)
    client.post(remind_url(session))
    again = client.post(remind_url(session))
    assert again.status_code == 200
    assert "were sent on 13 May already" in again.content.decode()
    assert Message.objects.filter(purpose=Purpose.SESSION_REMINDER).count() == 4


def test_only_a_volunteer_signed_up_sends_them(
    world: World, coord: User, group: tuple[Session, Volunteer, list[Person]]
) -> None:
    session, vic, _people = group
    sessions.withdraw(actor=as_coordinator(coord), shift=vic.shifts.get())
    client = sign_in(Client(), world.volunteer)
    response = client.post(remind_url(session))
    assert response.status_code == 200
    assert "Only a volunteer signed up for this session" in response.content.decode()
    assert not Message.objects.exists()
