"""Test data for the "Needs attention" panel: a person in crisis with one thing of each kind
to do (unit tests, the query counts and the browser journey); and case-management extracts
to import (``caseload.importing``)."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

from mydirection.appointments.models import OutcomeKind
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory, local
from mydirection.caseload.importing import COLUMNS
from mydirection.messaging.testing import from_person
from mydirection.people.models import Person
from mydirection.plans.models import Conversation
from mydirection.portal.models import MoveRequest
from mydirection.portal.testing import upcoming_appointment
from mydirection.practice import ConversationKind
from mydirection.staff.models import User

RISKY = "Some days I just want to end it all"


def in_crisis(person: Person, by: User, review_in_days: int = 10) -> Conversation:
    """Conversation 2, three days ago, with its emergency plan to review in some days."""
    today = timezone.localdate()
    return Conversation.objects.create(
        person=person,
        kind=ConversationKind.CRISIS,
        held_on=today - timedelta(days=3),
        note="Lost the room at the hostel after a row",
        by=by,
        emergency_plan="Night shelter on Wincolmlee; a call from the case manager every day",
        emergency_worker=by,
        review_on=today + timedelta(days=review_in_days),
    )


def everything_for(person: Person, by: User, days_ago: int = 2) -> None:
    """One item of every kind for ``person``: a crisis, a flagged message not yet read, a
    failure to attend with its reason not yet known, an appointment ``days_ago`` with no
    outcome, and a request to move the next appointment (six days ahead)."""
    in_crisis(person, by)
    message = from_person(person, RISKY)
    if not message.flagged:
        raise AssertionError("The risky message was not flagged")
    missed = AppointmentFactory.create(person=person, staff=by, starts_at=local(-days_ago - 7))
    OutcomeFactory.create(appointment=missed, outcome=OutcomeKind.FAILED_TO_ATTEND)
    AppointmentFactory.create(person=person, staff=by, starts_at=local(-days_ago))
    asked = upcoming_appointment(person, by, days=6)
    MoveRequest.objects.create(
        person=person, appointment=asked, reason="I have a hospital appointment that morning"
    )


# --- Case-management extracts -------------------------------------------------------

HEADER = [column.name for column in COLUMNS]


def a_row(**values: str) -> dict[str, str]:
    """A good row: Jordan Avery (X100001) on a community order with unpaid work, held by the
    world's case manager in Team A, Hull."""
    today = timezone.localdate()
    row = dict.fromkeys(HEADER, "") | {
        "case_reference": "X100001",
        "first_name": "Jordan",
        "last_name": "Avery",
        "date_of_birth": "1994-02-11",
        "gender": "Male",
        "ethnicity": "white_british",
        "postcode": "HU1 2AB",
        "index_offence": "Theft",
        "risk_level": "medium",
        "office": "Hull",
        "team": "Team A",
        "case_manager": "cm",
        "order_type": "Community Order",
        "court": "Hull Magistrates' Court",
        "sentence_date": f"{today - timedelta(days=40):%d/%m/%Y}",
        "order_start_date": f"{today - timedelta(days=40):%Y-%m-%d}",
        "order_end_date": f"{today + timedelta(days=320):%Y-%m-%d}",
        "requirement_type": "unpaid_work",
        "requirement_description": "Community payback",
        "requirement_amount": "120",
    }
    return row | values


def csv_file(*rows: dict[str, str], header: list[str] = HEADER) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(name, "") for name in header] for row in rows)
    return io.BytesIO(text.getvalue().encode())


def a_good_file() -> io.BytesIO:
    """Two people: Jordan with two requirements on one order; Casey, unallocated, on a
    suspended sentence order without requirements."""
    return csv_file(
        a_row(),
        a_row(requirement_type="rar", requirement_description="", requirement_amount="20"),
        a_row(
            case_reference="x100002",
            first_name="Casey",
            last_name="Lowe",
            date_of_birth="03/07/1988",
            gender="female",
            case_manager="",
            order_type="suspended_sentence",
            requirement_type="",
            requirement_description="",
            requirement_amount="",
        ),
    )
