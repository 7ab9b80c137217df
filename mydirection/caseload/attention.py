"""What needs doing, risk first: the "Needs attention" panel (issue 20, item 1).

The same items at the top of a person's overview and, across the caseload, at the top of the
caseload home. Each says what to do and links to the page where it is done. This module holds
the panel's rules as plain functions: what each item says, how urgent it is, and the order.
``caseload.selectors.needs_attention`` reads the rows (each app's own selector) and hands
them here.

Most urgent first:

1. an open crisis whose emergency plan is past its review date;
2. a message from the person flagged for words suggesting a risk of harm, not yet read;
3. a concern a circle volunteer raised about the person, not yet triaged by the coordinator;
4. an open crisis (its emergency plan, with the review date);
5. a failure to attend still at "reason not yet known": acceptable or not is to be decided;
6. an appointment that has ended with no outcome recorded;
7. a request from the person's app to move an appointment, waiting for an answer;
8. the next appointment (the overview only: it is not something to do).

Within a kind, the longest waiting first (a crisis: the earliest review).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import cast
from uuid import UUID

from django.urls import reverse

from mydirection.appointments.models import Appointment
from mydirection.dates import start_of
from mydirection.messaging.models import PersonMessage
from mydirection.people.models import Person
from mydirection.plans.models import Conversation
from mydirection.portal.models import MoveRequest
from mydirection.templatetags.govuk import govuk_date, govuk_datetime
from mydirection.volunteering.models import Circle, Concern
from mydirection.wording import counted


class Kind(StrEnum):
    """In the order of urgency, most urgent first."""

    CRISIS_REVIEW_OVERDUE = "crisis_review_overdue"
    FLAGGED_MESSAGE = "flagged_message"
    VOLUNTEER_CONCERN = "volunteer_concern"
    CRISIS = "crisis"
    ABSENCE_TO_DECIDE = "absence_to_decide"
    OUTCOME_TO_RECORD = "outcome_to_record"
    MOVE_REQUEST = "move_request"
    NEXT_APPOINTMENT = "next_appointment"


URGENCY = {kind: rank for rank, kind in enumerate(Kind)}
# The tag each item shows, and its GOV.UK tag colour ("": the default, blue).
TAGS = {
    Kind.CRISIS_REVIEW_OVERDUE: ("Crisis: review overdue", "red"),
    Kind.FLAGGED_MESSAGE: ("Message to check", "red"),
    Kind.VOLUNTEER_CONCERN: ("Volunteer concern", "red"),
    Kind.CRISIS: ("Crisis", "orange"),
    Kind.ABSENCE_TO_DECIDE: ("Absence to decide", "yellow"),
    Kind.OUTCOME_TO_RECORD: ("Outcome to record", ""),
    Kind.MOVE_REQUEST: ("Move request", "purple"),
    Kind.NEXT_APPOINTMENT: ("Next appointment", "grey"),
}
# Items shown before "Show N more".
SHOWN = 10
# What is something to do: the next appointment is there to be seen, not done.
TO_DO = frozenset(Kind) - {Kind.NEXT_APPOINTMENT}


@dataclass(frozen=True)
class Item:
    kind: Kind
    person: Person
    # What orders the item within its kind: a review date, when a message was sent, when an
    # appointment was.
    when: datetime
    text: str
    href: str

    @property
    def person_id(self) -> UUID:
        return self.person.pk

    @property
    def person_name(self) -> str:
        return self.person.full_name

    @property
    def tag(self) -> str:
        return TAGS[self.kind][0]

    @property
    def colour(self) -> str:
        return TAGS[self.kind][1]

    @property
    def to_do(self) -> bool:
        return self.kind in TO_DO


def most_urgent_first(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (URGENCY[item.kind], item.when, item.person_name))


def _what(appointment: Appointment) -> str:
    return str(appointment.get_appointment_type_display())


def crisis(conversation: Conversation, today: date) -> Item:
    """An open crisis: its emergency plan and when it is to be reviewed (overdue after)."""
    review_on = conversation.review_on or today  # (a crisis always has one: a constraint)
    overdue = review_on < today
    since = govuk_date(conversation.held_on)
    text = (
        f"Crisis since {since}. The emergency plan was due for review on {govuk_date(review_on)}"
        if overdue
        else f"Crisis since {since}. Review the emergency plan by {govuk_date(review_on)}"
    )
    return Item(
        kind=Kind.CRISIS_REVIEW_OVERDUE if overdue else Kind.CRISIS,
        person=conversation.person,
        when=start_of(review_on),
        text=text,
        href=reverse("plans:plan", args=[conversation.person_id]),
    )


def flagged_message(message: PersonMessage) -> Item:
    """A message from the person with words that may mean a risk of harm, not yet read."""
    return Item(
        kind=Kind.FLAGGED_MESSAGE,
        person=message.person,
        when=message.created_at,
        text=f"Message sent {govuk_datetime(message.created_at)} may mean a risk of harm: "
        "read it and decide what to do",
        href=reverse("messaging:thread", args=[message.person_id]) + f"#message-{message.pk}",
    )


def volunteer_concern(concern: Concern) -> Item:
    """A circle volunteer's worry about the person, not yet triaged by the coordinator."""
    # (Only concerns about a circle are asked for: one about a session names nobody.)
    person = cast(Circle, concern.circle).person
    return Item(
        kind=Kind.VOLUNTEER_CONCERN,
        person=person,
        when=concern.raised_at,
        text=f"A circle volunteer raised a concern on {govuk_datetime(concern.raised_at)}, "
        "not yet triaged by the volunteer coordinator: read it",
        href=reverse("interventions:person", args=[person.pk]) + "#volunteer-concerns",
    )


def absence_to_decide(appointment: Appointment) -> Item:
    """A failure to attend, reason not yet known: was the absence acceptable or not?"""
    return Item(
        kind=Kind.ABSENCE_TO_DECIDE,
        person=appointment.person,
        when=appointment.starts_at,
        text=f"Did not attend {_what(appointment).lower()} on "
        f"{govuk_datetime(appointment.starts_at)}: decide whether the absence was acceptable",
        href=reverse("appointments:outcome", args=[appointment.person_id, appointment.pk]),
    )


def outcome_to_record(appointment: Appointment) -> Item:
    """An appointment that has ended with no outcome recorded."""
    return Item(
        kind=Kind.OUTCOME_TO_RECORD,
        person=appointment.person,
        when=appointment.starts_at,
        text=f"{_what(appointment)} on {govuk_datetime(appointment.starts_at)}: record the outcome",
        href=reverse("appointments:outcome", args=[appointment.person_id, appointment.pk]),
    )


def move_request(move: MoveRequest) -> Item:
    """A request from the person's app to move an appointment, waiting for an answer."""
    appointment = move.appointment
    return Item(
        kind=Kind.MOVE_REQUEST,
        person=move.person,
        when=move.created_at,
        text=f"Asked on {govuk_date(move.created_at)} to move {_what(appointment).lower()} "
        f"on {govuk_datetime(appointment.starts_at)}: answer the request",
        href=reverse("app-access:move-request", args=[move.person_id, move.pk]),
    )


def next_appointment(appointment: Appointment) -> Item:
    """The person's next appointment (the overview only)."""
    where = appointment.place_text
    return Item(
        kind=Kind.NEXT_APPOINTMENT,
        person=appointment.person,
        when=appointment.starts_at,
        text=f"{_what(appointment)} on {govuk_datetime(appointment.starts_at)}"
        + (f", {where}" if where else ""),
        href=reverse("appointments:detail", args=[appointment.person_id, appointment.pk]),
    )


@dataclass(frozen=True)
class Panel:
    """The panel's items, most urgent first, and what it says in a line."""

    items: list[Item]

    @property
    def to_do(self) -> list[Item]:
        return [item for item in self.items if item.to_do]

    @property
    def people(self) -> int:
        return len({item.person_id for item in self.to_do})

    @property
    def things(self) -> str:
        """ "3 things to do" (the overview: one person)."""
        return f"{counted(len(self.to_do), 'thing')} to do"

    @property
    def headline(self) -> str:
        """ "5 things to do for 3 people" (the caseload)."""
        return f"{self.things} for {counted(self.people, 'person')}"

    @property
    def first(self) -> list[Item]:
        return self.items[:SHOWN]

    @property
    def rest(self) -> list[Item]:
        return self.items[SHOWN:]


def panel(items: Iterable[Item]) -> Panel:
    return Panel(most_urgent_first(items))
