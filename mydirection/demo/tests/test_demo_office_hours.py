"""The demo keeps office hours whenever it is loaded (issue 20, item 10): its appointments,
the app's sessions (and the registrations at them), outcomes recorded, enforcement decisions
and answered move requests fall on weekdays between 9am and 5pm, even when the demo is loaded
in the middle of the night or at a weekend. Reminders keep each person's own contact hours
(``test_demo_reminders``)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from mydirection.appointments.models import Appointment, EnforcementDecision, Outcome
from mydirection.demo import hours
from mydirection.demo.appointments import write_demo_appointments
from mydirection.demo.portal import session_now, write_demo_portal
from mydirection.portal.models import Attendance, MoveRequest, ServiceSession
from mydirection.testing import OrderFactory, PersonFactory, World, allocate

pytestmark = pytest.mark.django_db


def _coming(weekday: int, hour: int, minute: int) -> datetime:
    """The next ``weekday`` (0 is Monday) at least a week from today, at that time, UK time:
    the world's orders (a year from 60 days ago) run then."""
    today = timezone.localdate() + timedelta(days=7)
    return hours.at(today + timedelta(days=(weekday - today.weekday()) % 7), hour, minute)


SUNDAY_NIGHT = _coming(6, 3, 19)
TUESDAY_MORNING = _coming(1, 11, 19)
FRIDAY_LATE_AFTERNOON = _coming(4, 16, 30)


def _in_hours(start: datetime, end: datetime | None = None) -> bool:
    """From ``start`` to ``end`` lies inside one working day's office hours."""
    end = end or start
    first, last = timezone.localtime(start), timezone.localtime(end)
    return (
        first.date() == last.date()
        and hours.is_working_day(first.date())
        and hours.at(first.date(), hours.OPENS) <= first
        and last <= hours.at(first.date(), hours.CLOSES)
    )


@pytest.mark.parametrize(
    "now",
    [SUNDAY_NIGHT, TUESDAY_MORNING, FRIDAY_LATE_AFTERNOON],
    ids=["sunday-night", "tuesday-morning", "friday-late-afternoon"],
)
def test_the_demo_keeps_office_hours_whenever_it_is_loaded(world: World, now: datetime) -> None:
    for _ in range(12):
        person = allocate(PersonFactory.create(phone="07700 900 123"), world.cm)
        OrderFactory.create(person=person)
    with time_machine.travel(now, tick=False):
        today = timezone.localdate()
        write_demo_appointments(seed=5, today=today)
        write_demo_portal(seed=5, today=today)

    appointments = list(Appointment.objects.all())
    assert len(appointments) > 40
    for appointment in appointments:
        ends = appointment.starts_at + timedelta(minutes=appointment.duration_minutes)
        assert _in_hours(appointment.starts_at, ends), timezone.localtime(appointment.starts_at)
    outcomes = list(Outcome.objects.select_related("appointment"))
    assert outcomes
    for outcome in outcomes:
        assert _in_hours(outcome.recorded_at), timezone.localtime(outcome.recorded_at)
        assert outcome.appointment.starts_at < outcome.recorded_at <= now
    for decision in EnforcementDecision.objects.all():
        assert _in_hours(decision.decided_at), timezone.localtime(decision.decided_at)
    for move in MoveRequest.objects.exclude(decided_at=None):
        assert move.decided_at is not None and _in_hours(move.decided_at)

    sessions = list(ServiceSession.objects.all())
    assert sessions and len(sessions) % 4 == 0  # four at each office with a case manager
    for session in sessions:
        assert _in_hours(session.starts_at, session.ends_at), timezone.localtime(session.starts_at)
    for attendance in Attendance.objects.select_related("session"):
        assert (
            attendance.session.starts_at <= attendance.registered_at <= attendance.session.ends_at
        )
    # Loaded in office hours, a session runs now at each office, so its code can be tried;
    # otherwise the next one runs on the next working morning.
    running = [s for s in sessions if s.starts_at <= now <= s.ends_at]
    if now == TUESDAY_MORNING:
        assert len(running) == len(sessions) // 4
    else:
        assert not running
        assert {timezone.localtime(s.starts_at) for s in sessions if s.starts_at > now} == {
            hours.at(hours.working_day_on_or_after(timezone.localdate(now) + timedelta(days=1)), 10)
        }


def test_the_current_session_runs_from_the_hour_before_until_the_office_closes() -> None:
    tuesday = TUESDAY_MORNING.date()
    assert session_now(hours.at(tuesday, 11, 19)) == (hours.at(tuesday, 10), hours.at(tuesday, 17))
    assert session_now(hours.at(tuesday, 9, 5)) == (hours.at(tuesday, 9), hours.at(tuesday, 17))
    # Less than an hour left, at night, or at a weekend: the next working morning.
    wednesday, monday = tuesday + timedelta(days=1), tuesday + timedelta(days=6)
    assert session_now(hours.at(tuesday, 16, 30)) == (
        hours.at(wednesday, 10),
        hours.at(wednesday, 14),
    )
    assert session_now(hours.at(tuesday, 7, 0)) == (hours.at(tuesday, 10), hours.at(tuesday, 14))
    assert session_now(hours.at(tuesday, 23, 0))[0] == hours.at(wednesday, 10)
    assert session_now(hours.at(tuesday + timedelta(days=5), 3, 19))[0] == hours.at(monday, 10)


def test_a_time_outside_office_hours_moves_to_the_next_or_the_last_opening() -> None:
    friday = FRIDAY_LATE_AFTERNOON.date()
    monday = friday + timedelta(days=3)
    assert hours.next_office_time(hours.at(friday, 18, 20)) == hours.at(monday, 9, 20)
    assert hours.next_office_time(hours.at(friday, 7, 5)) == hours.at(friday, 9, 5)
    assert hours.next_office_time(hours.at(friday, 12, 0)) == hours.at(friday, 12, 0)
    assert hours.last_office_time(hours.at(monday, 3, 19)) == hours.at(friday, 16, 19)
    assert hours.last_office_time(hours.at(friday, 20, 45)) == hours.at(friday, 16, 45)
