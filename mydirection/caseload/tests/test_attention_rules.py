"""The "Needs attention" panel's rules, without the database: what each item says, where it
links, and the order, most urgent first (issue 20, item 1)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from mydirection.appointments.models import Appointment, AppointmentType, Place
from mydirection.caseload import attention
from mydirection.caseload.attention import Kind
from mydirection.messaging.models import PersonMessage
from mydirection.people.models import Person
from mydirection.plans.models import Conversation
from mydirection.portal.models import MoveRequest
from mydirection.practice import ConversationKind

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 12, 7)
ALEX = Person(first_name="Alex", last_name="Quinn")
SAM = Person(first_name="Sam", last_name="Ahmed")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=LONDON)


def crisis(person: Person, review_on: date) -> Conversation:
    return Conversation(
        person=person, kind=ConversationKind.CRISIS, held_on=date(2026, 11, 20), review_on=review_on
    )


def appointment(person: Person, starts_at: datetime) -> Appointment:
    return Appointment(
        person=person,
        starts_at=starts_at,
        duration_minutes=45,
        appointment_type=AppointmentType.SUPERVISION,
        place=Place.HOME,
    )


def test_a_crisis_past_its_review_date_is_overdue_and_says_so() -> None:
    due = attention.crisis(crisis(ALEX, TODAY), TODAY)
    late = attention.crisis(crisis(ALEX, TODAY - timedelta(days=1)), TODAY)
    assert due.kind == Kind.CRISIS
    assert due.text == "Crisis since 20 November 2026. Review the emergency plan by 7 December 2026"
    assert late.kind == Kind.CRISIS_REVIEW_OVERDUE
    assert late.tag == "Crisis: review overdue" and late.colour == "red"
    assert "was due for review on 6 December 2026" in late.text
    assert due.href == f"/people/{ALEX.pk}/plan/"


def test_each_item_links_to_where_it_is_dealt_with() -> None:
    message = PersonMessage(person=ALEX, from_person=True, flagged=True, created_at=at(5, 21))
    missed = appointment(ALEX, at(1))
    moved = MoveRequest(person=ALEX, appointment=appointment(ALEX, at(14)), created_at=at(6))
    items = {
        item.kind: item
        for item in [
            attention.flagged_message(message),
            attention.absence_to_decide(missed),
            attention.outcome_to_record(missed),
            attention.move_request(moved),
            attention.next_appointment(appointment(ALEX, at(14))),
        ]
    }
    person = f"/people/{ALEX.pk}"
    assert items[Kind.FLAGGED_MESSAGE].href == f"{person}/conversation/#message-{message.pk}"
    assert items[Kind.ABSENCE_TO_DECIDE].href == f"{person}/appointments/{missed.pk}/outcome/"
    assert items[Kind.OUTCOME_TO_RECORD].href == f"{person}/appointments/{missed.pk}/outcome/"
    assert items[Kind.MOVE_REQUEST].href == f"{person}/app/move-requests/{moved.pk}/"
    assert items[Kind.NEXT_APPOINTMENT].href.startswith(f"{person}/appointments/")
    assert items[Kind.FLAGGED_MESSAGE].text.startswith("Message sent 5 December 2026 at 9pm")
    assert items[Kind.ABSENCE_TO_DECIDE].text == (
        "Did not attend supervision on 1 December 2026 at 10am: "
        "decide whether the absence was acceptable"
    )
    assert items[Kind.MOVE_REQUEST].text == (
        "Asked on 6 December 2026 to move supervision on 14 December 2026 at 10am: "
        "answer the request"
    )
    next_one = items[Kind.NEXT_APPOINTMENT]
    assert next_one.text == "Supervision on 14 December 2026 at 10am, Home visit"


def test_risk_comes_first_then_the_longest_waiting() -> None:
    items = [
        attention.next_appointment(appointment(ALEX, at(9))),
        attention.move_request(
            MoveRequest(person=SAM, appointment=appointment(SAM, at(12)), created_at=at(6))
        ),
        attention.outcome_to_record(appointment(SAM, at(3))),
        attention.outcome_to_record(appointment(ALEX, at(2))),
        attention.absence_to_decide(appointment(ALEX, at(1))),
        attention.crisis(crisis(SAM, TODAY + timedelta(days=5)), TODAY),
        attention.crisis(crisis(ALEX, TODAY + timedelta(days=2)), TODAY),
        attention.flagged_message(
            PersonMessage(person=SAM, from_person=True, flagged=True, created_at=at(6))
        ),
        attention.crisis(crisis(SAM, TODAY - timedelta(days=3)), TODAY),
    ]
    ordered = attention.most_urgent_first(items)
    assert [(item.kind, item.person_name) for item in ordered] == [
        (Kind.CRISIS_REVIEW_OVERDUE, "Sam Ahmed"),
        (Kind.FLAGGED_MESSAGE, "Sam Ahmed"),
        (Kind.CRISIS, "Alex Quinn"),  # the earlier review first
        (Kind.CRISIS, "Sam Ahmed"),
        (Kind.ABSENCE_TO_DECIDE, "Alex Quinn"),
        (Kind.OUTCOME_TO_RECORD, "Alex Quinn"),  # the older appointment first
        (Kind.OUTCOME_TO_RECORD, "Sam Ahmed"),
        (Kind.MOVE_REQUEST, "Sam Ahmed"),
        (Kind.NEXT_APPOINTMENT, "Alex Quinn"),
    ]


def test_the_panel_counts_what_is_to_do_not_the_next_appointment() -> None:
    nothing = attention.panel([attention.next_appointment(appointment(ALEX, at(9)))])
    assert nothing.to_do == [] and len(nothing.items) == 1
    panel = attention.panel(
        [
            attention.outcome_to_record(appointment(ALEX, at(2))),
            attention.outcome_to_record(appointment(SAM, at(3))),
            attention.absence_to_decide(appointment(ALEX, at(1))),
        ]
    )
    assert panel.things == "3 things to do"
    assert panel.headline == "3 things to do for 2 people"
    one = attention.panel([attention.absence_to_decide(appointment(ALEX, at(1)))])
    assert one.headline == "1 thing to do for 1 person"


def test_a_long_panel_shows_the_most_urgent_ten_first() -> None:
    items = [attention.outcome_to_record(appointment(ALEX, at(1, hour=h))) for h in range(6, 18)]
    panel = attention.panel(items)
    assert len(panel.first) == attention.SHOWN == 10
    assert len(panel.rest) == 2
    assert panel.first[0].when < panel.rest[0].when
