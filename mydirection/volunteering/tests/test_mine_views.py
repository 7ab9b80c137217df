"""A volunteer's own pages (/volunteering/mine/): sessions (sign up, withdraw, check in),
circles (first names only, meetings, minutes within 48 hours, tasks, concerns), hours and
expenses; 404 for everything outside their own; every page showing a person on probation
access-logged with the relation ``volunteer``."""

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.staff.models import User
from mydirection.testing import World, page_queries, sign_in
from mydirection.uploads.testing import a_photo, uploaded
from mydirection.volunteering.models import (
    CheckLevel,
    Circle,
    Concern,
    Course,
    Expense,
    ExpenseStatus,
    Hours,
    HoursChange,
    HoursStatus,
    Meeting,
    Shift,
    Stage,
    Task,
    Volunteer,
)
from mydirection.volunteering.services import circles, coordinating, mentoring, sessions
from mydirection.volunteering.testing import a_role, as_coordinator
from mydirection.volunteering.tests.builders import (
    a_circle,
    a_session,
    circle_volunteers,
    helper_role,
    started,
    worlds_volunteer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def afternoon() -> Iterator[None]:
    """Today at 2pm in London: a session "in 30 minutes" is today, a meeting "at 00:05" is
    past, whatever the time the suite runs."""
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime.combine(datetime.now(london).date(), time(14), london)):
        yield


@pytest.fixture
def vic(world: World, coord: User) -> Volunteer:
    return worlds_volunteer(world, coord)


@pytest.fixture
def client(world: World, vic: Volunteer) -> Client:
    return sign_in(Client(), world.volunteer)


def url(name: str, *args: object) -> str:
    return reverse(f"volunteering:{name}", args=args)


def consulted_by(user: User, what: str) -> list[object]:
    return list(
        AccessLogEntry.objects.filter(
            actor_id=user.pk, operation=Operation.CONSULT, what=what, relation="volunteer"
        ).values_list("subject_id", flat=True)
    )


# --- Home and scope --------------------------------------------------------------------------


def test_the_home_page_shows_roles_sessions_circles_and_tasks(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    session = a_session(world, coord, helper_role())
    sessions.sign_up(
        actor=as_coordinator(coord), session=session, volunteer=vic, role=helper_role()
    )
    circle = a_circle(world, coord, volunteers=[vic, *circle_volunteers(coord, 2)])
    circles.add_task(actor=as_coordinator(coord), circle=circle, what="Find a bus timetable")
    page = client.get(url("mine"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Recovery group helper" in text and "Circle volunteer" in text
    assert "Recovery group" in text and "Find a bus timetable" in text
    assert f"Circle with {world.person.known_as}" in text
    assert world.person.last_name not in text
    assert consulted_by(world.volunteer, "Volunteering: my page") == [world.person.pk]
    assert "Cancelled" not in text
    coordinating.cancel_session(actor=as_coordinator(coord), session=session, expected_version=1)
    assert "Cancelled" in client.get(url("mine")).content.decode()


def test_a_peer_mentor_sees_who_they_mentor_by_first_name(world: World, coord: User) -> None:
    mentor_role = a_role(
        name="Peer mentor",
        check_level=CheckLevel.ENHANCED,
        training=[Course.INDUCTION, Course.PEER_MENTORING],
        mentoring=True,
    )
    worlds_volunteer(world, coord, mentor_role)
    client = sign_in(Client(), world.volunteer)
    assert "Your peer mentoring" not in client.get(url("mine")).content.decode()
    mentoring.check_and_match(
        actor=as_coordinator(coord),
        mentor=Volunteer.objects.get(user=world.volunteer),
        mentee=world.person,
        co_defendant=False,
        victim=False,
        family=False,
        known_associate=False,
    )
    text = client.get(url("mine")).content.decode()
    assert f"You mentor {world.person.known_as}, since" in text
    assert world.person.last_name not in text
    assert "none approved yet" in text
    assert consulted_by(world.volunteer, "Volunteering: my page") == [world.person.pk]


def test_the_start_page_and_the_menu_lead_to_it(world: World, client: Client) -> None:
    assert client.get(reverse("start"))["Location"] == url("mine")
    nav = client.get(url("mine")).context["service_navigation"]
    assert [item["text"] for item in nav] == ["My groups", "My volunteering", "You said, we did"]


def test_nobody_else_reaches_a_volunteers_pages(world: World, coord: User, vic: Volunteer) -> None:
    for user in (world.cm, world.partner, coord, world.community_member):
        assert sign_in(Client(), user).get(url("mine")).status_code == 404
    Volunteer.objects.filter(pk=vic.pk).update(stage=Stage.LEFT)
    assert sign_in(Client(), world.volunteer).get(url("mine")).status_code == 404


def test_a_volunteer_without_a_record_gets_404(world: World) -> None:
    assert sign_in(Client(), world.volunteer).get(url("mine")).status_code == 404


def test_the_home_page_costs_the_same_however_many_circles_and_sessions(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    a_session(world, coord, helper_role())
    a_circle(world, coord, volunteers=[vic])
    before = page_queries(client, url("mine"))
    for days in (3, 4, 5):
        session = a_session(world, coord, helper_role(), starts_in=timedelta(days=days))
        sessions.sign_up(
            actor=as_coordinator(coord), session=session, volunteer=vic, role=helper_role()
        )
    a_circle(world, coord, person=world.unallocated_person, volunteers=[vic])
    assert page_queries(client, url("mine")) == before


# --- Sessions --------------------------------------------------------------------------------


def test_a_volunteer_signs_up_in_a_role_they_hold_and_withdraws(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    session = a_session(world, coord, helper_role())
    listed = client.get(url("mine-sessions"))
    assert [v.session for v in listed.context["open"]] == [session]
    page = client.get(url("mine-session", session.pk))
    assert "Sign up" in page.content.decode()
    response = client.post(url("mine-sign-up", session.pk), {"role": str(helper_role().pk)})
    assert response.status_code == 302
    shift = Shift.objects.get(session=session, volunteer=vic, withdrawn_at__isnull=True)
    response = client.post(url("mine-withdraw", session.pk))
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.withdrawn_at is not None


def test_a_full_role_is_refused_with_a_message_and_nothing_saved(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    session = a_session(world, coord, helper_role(), needs=1)
    page = client.get(url("mine-session", session.pk))
    other = circle_volunteers(coord, 1)[0]
    # Someone else takes the last place while the page is open.
    from mydirection.volunteering.services import vetting

    vetting.give_role(actor=as_coordinator(coord), volunteer=other, role=helper_role())
    sessions.sign_up(
        actor=as_coordinator(coord), session=session, volunteer=other, role=helper_role()
    )
    assert page.status_code == 200
    response = client.post(url("mine-sign-up", session.pk), {"role": str(helper_role().pk)})
    assert response.status_code == 200
    assert "This role is already filled for the session" in response.content.decode()
    assert not Shift.objects.filter(volunteer=vic).exists()


def test_checking_in_on_the_day_logs_the_sessions_hours(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    session = a_session(world, coord, helper_role(), starts_in=timedelta(minutes=30))
    client.post(url("mine-sign-up", session.pk), {"role": str(helper_role().pk)})
    page = client.get(url("mine-session", session.pk))
    assert page.context["view"].may_check_in
    response = client.post(url("mine-check-in", session.pk), follow=True)
    assert "You are checked in. 2 hours logged" in response.content.decode()
    hours = Hours.objects.get(volunteer=vic)
    assert (hours.minutes, hours.status) == (120, HoursStatus.LOGGED)
    again = client.post(url("mine-check-in", session.pk))
    assert "You have already checked in" in again.content.decode()
    assert Hours.objects.filter(volunteer=vic).count() == 1


def test_withdrawing_once_it_has_started_is_refused(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    session = a_session(world, coord, helper_role())
    client.post(url("mine-sign-up", session.pk), {"role": str(helper_role().pk)})
    started(session)
    response = client.post(url("mine-withdraw", session.pk))
    assert response.status_code == 200
    assert "The session has started" in response.content.decode()
    assert Shift.objects.get(volunteer=vic).withdrawn_at is None


def test_sessions_of_other_offices_and_other_roles_are_404(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    elsewhere = a_session(world, coord, helper_role(), office=world.beverley)
    from mydirection.volunteering.testing import a_role

    other_role = a_role(name="Driver")
    not_mine = a_session(world, coord, other_role)
    for session in (elsewhere, not_mine):
        assert client.get(url("mine-session", session.pk)).status_code == 404
        assert client.post(url("mine-sign-up", session.pk), {}).status_code == 404


# --- Circles ---------------------------------------------------------------------------------


@pytest.fixture
def circle(world: World, coord: User, vic: Volunteer) -> Circle:
    return a_circle(world, coord, volunteers=[vic, *circle_volunteers(coord, 2)])


def test_a_circle_shows_first_names_only_and_is_logged(
    world: World,
    coord: User,
    circle,
    client: Client,
) -> None:
    page = client.get(url("mine-circle", circle.pk))
    text = page.content.decode()
    assert f"Circle with {world.person.known_as}" in text
    assert "settle in my flat" in text
    assert "Ash" in text and "Bea" in text and "Vic (you)" in text
    for hidden in (world.person.last_name, "Whitley", world.person.case_reference):
        assert hidden not in text
    assert consulted_by(world.volunteer, "Volunteering: a circle") == [world.person.pk]


def test_a_circle_they_are_not_in_is_404(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    other = a_circle(world, coord, person=world.unallocated_person)
    assert client.get(url("mine-circle", other.pk)).status_code == 404
    assert client.get(url("mine-record-meeting", other.pk)).status_code == 404
    assert client.get(url("mine-concern", other.pk)).status_code == 404


def test_a_volunteer_records_a_meeting_then_writes_the_minutes(
    world: World,
    coord: User,
    vic: Volunteer,
    circle,
    client: Client,
) -> None:
    today = timezone.localdate()
    ash = Volunteer.objects.get(first_name="Ash")
    response = client.post(
        url("mine-record-meeting", circle.pk),
        {
            "held_at_0": today.day,
            "held_at_1": today.month,
            "held_at_2": today.year,
            "time": "0:05",
            "person_attended": "yes",
            "attended": [str(vic.pk), str(ash.pk)],
        },
        follow=True,
    )
    assert "Meeting recorded. Write the minutes by" in response.content.decode()
    meeting = Meeting.objects.get(circle=circle)
    assert meeting.person_attended and set(meeting.attended.all()) == {vic, ash}
    assert meeting.recorded_by == vic
    page = client.get(url("mine-minutes", circle.pk, meeting.pk))
    assert "Minutes due" in page.content.decode()
    response = client.post(
        url("mine-minutes", circle.pk, meeting.pk),
        {"minutes": "Talked about the flat. Ash finds a bus timetable.", "version": 1},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("Talked about") and meeting.minutes_at is not None
    assert "Minutes written" in client.get(url("mine-circle", circle.pk)).content.decode()


def test_minutes_saved_meanwhile_keep_the_typed_text(
    world: World,
    coord: User,
    vic: Volunteer,
    circle,
    client: Client,
) -> None:
    meeting = circles.record_meeting(
        actor=as_coordinator(coord),
        circle=circle,
        by=vic,
        held_at=timezone.now() - timedelta(hours=1),
        person_attended=True,
        attended=[vic],
    )
    circles.write_minutes(
        actor=as_coordinator(coord), meeting=meeting, by=vic, minutes="First", expected_version=1
    )
    response = client.post(
        url("mine-minutes", circle.pk, meeting.pk), {"minutes": "Mine", "version": 1}
    )
    assert response.status_code == 200
    assert "This has changed since you opened the page" in response.content.decode()
    assert response.context["form"]["version"].value() == "2"
    meeting.refresh_from_db()
    assert meeting.minutes == "First"


def test_a_circle_with_too_few_volunteers_cannot_meet(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    circle = a_circle(world, coord, volunteers=[vic])
    assert (
        "A circle meets once it has 3 volunteers"
        in client.get(url("mine-circle", circle.pk)).content.decode()
    )
    today = timezone.localdate()
    response = client.post(
        url("mine-record-meeting", circle.pk),
        {
            "held_at_0": today.day,
            "held_at_1": today.month,
            "held_at_2": today.year,
            "time": "0:05",
            "person_attended": "no",
        },
    )
    assert response.status_code == 200
    assert "A circle meets once it has 3 volunteers (1 so far)" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_concern_reaches_the_coordinator_with_nothing_else_to_fill(
    world: World,
    coord: User,
    vic: Volunteer,
    circle,
    client: Client,
) -> None:
    page = client.get(url("mine-concern", circle.pk)).content.decode()
    assert "The coordinator sees your concern as soon as you send it" in page
    empty = client.post(url("mine-concern", circle.pk), {"what": " "})
    assert "Say what worries you" in empty.content.decode()
    assert not Concern.objects.exists()
    response = client.post(
        url("mine-concern", circle.pk), {"what": "He said he has not eaten for days"}, follow=True
    )
    assert "Your concern is with the coordinator now" in response.content.decode()
    concern = Concern.objects.get()
    assert (concern.circle, concern.raised_by, concern.triaged_at) == (circle, vic, None)


def test_a_task_is_marked_done(
    world: World,
    coord: User,
    vic: Volunteer,
    circle,
    client: Client,
) -> None:
    task = circles.add_task(
        actor=as_coordinator(coord), circle=circle, what="Find a bus timetable", volunteer=vic
    )
    response = client.post(url("mine-task-done", circle.pk, task.pk))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    other = a_circle(world, coord, person=world.unallocated_person)
    theirs = circles.add_task(actor=as_coordinator(coord), circle=other, what="Not mine")
    assert client.post(url("mine-task-done", other.pk, theirs.pk)).status_code == 404
    assert client.post(url("mine-task-done", circle.pk, theirs.pk)).status_code == 404
    assert Task.objects.get(pk=theirs.pk).done_on is None


# --- Hours -----------------------------------------------------------------------------------


def test_a_volunteer_logs_hours_and_asks_to_change_approved_ones(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url("mine-hours"),
        {
            "on_0": day.day,
            "on_1": day.month,
            "on_2": day.year,
            "hours": "2",
            "minutes": "30",
            "what": "Set up the room",
        },
    )
    assert response.status_code == 302
    hours = Hours.objects.get(volunteer=vic)
    assert (hours.minutes, hours.status) == (150, HoursStatus.LOGGED)
    sessions.decide_hours(
        actor=as_coordinator(coord), hours=hours, approve=True, expected_version=1
    )
    hours.refresh_from_db()
    no_reason = client.post(
        url("mine-change-hours", hours.pk),
        {"hours": "3", "minutes": "0", "what": "Set up the room", "version": hours.version},
    )
    assert "Say why the approved hours should change" in no_reason.content.decode()
    assert not HoursChange.objects.exists()
    client.post(
        url("mine-change-hours", hours.pk),
        {
            "hours": "3",
            "minutes": "0",
            "what": "Set up the room",
            "reason": "I stayed to clear up",
            "version": hours.version,
        },
    )
    change = HoursChange.objects.get()
    assert (change.minutes, change.reason) == (180, "I stayed to clear up")
    page = client.get(url("mine-hours")).content.decode()
    assert "Change asked for" in page and "2 hours 30 minutes" in page


def test_hours_in_the_future_are_refused(world: World, vic: Volunteer, client: Client) -> None:
    day = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url("mine-hours"),
        {"on_0": day.day, "on_1": day.month, "on_2": day.year, "hours": "1", "minutes": "0",
         "what": "Tomorrow"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Date must be today or in the past" in response.content.decode()
    assert not Hours.objects.exists()


# --- Expenses --------------------------------------------------------------------------------


def test_a_volunteer_claims_an_expense_with_its_receipt(
    world: World, vic: Volunteer, client: Client
) -> None:
    day = timezone.localdate()
    response = client.post(
        url("mine-claim"),
        {
            "spent_on_0": day.day,
            "spent_on_1": day.month,
            "spent_on_2": day.year,
            "what": "Bus fare",
            "amount": "4.50",
            "receipt": uploaded(a_photo()),
        },
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert (expense.volunteer, expense.amount, expense.status) == (vic, 450, ExpenseStatus.CLAIMED)
    assert expense.receipt is not None
    page = client.get(url("mine-expenses")).content.decode()
    assert "£4.50" in page and "Waiting for a decision" in page


def test_a_claim_without_a_receipt_is_refused(world: World, vic: Volunteer, client: Client) -> None:
    day = timezone.localdate()
    response = client.post(
        url("mine-claim"),
        {"spent_on_0": day.day, "spent_on_1": day.month, "spent_on_2": day.year,
         "what": "Bus fare", "amount": "4.50"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Attach a photo or scan of the receipt" in response.content.decode()
    assert not Expense.objects.exists()


def test_the_sessions_hours_and_circle_pages_cost_the_same_with_more(
    world: World, coord: User, vic: Volunteer, client: Client
) -> None:
    members = [vic, *circle_volunteers(coord, 2)]
    circle = a_circle(world, coord, volunteers=members)
    actor = as_coordinator(coord)
    pages = [url("mine-sessions"), url("mine-hours"), url("mine-circle", circle.pk)]

    def more(days: int) -> None:
        session = a_session(world, coord, helper_role(), starts_in=timedelta(days=days))
        sessions.sign_up(actor=actor, session=session, volunteer=vic, role=helper_role())
        hours = sessions.log_hours(
            actor=actor, volunteer=vic, on=timezone.localdate(), minutes=60, what="Set up"
        )
        sessions.decide_hours(actor=actor, hours=hours, approve=True, expected_version=1)
        circles.record_meeting(
            actor=actor,
            circle=circle,
            by=vic,
            held_at=timezone.now() - timedelta(days=days),
            person_attended=True,
            attended=members,
        )
        circles.add_task(actor=actor, circle=circle, what=f"Task {days}", volunteer=vic)

    more(1)
    before = [page_queries(client, page) for page in pages]
    for days in (2, 3, 4):
        more(days)
    assert [page_queries(client, page) for page in pages] == before
