"""Life Links circles: chosen by the focus person, 3 to 6 volunteers, meetings with minutes
within 48 hours, tasks, concerns triaged with an outcome, and reviews."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.access.models import AccessLogEntry
from mydirection.staff.models import User
from mydirection.testing import World
from mydirection.versioning import StaleEdit
from mydirection.volunteering.models import (
    CheckLevel,
    Circle,
    CircleStatus,
    ConcernOutcome,
    Course,
    Meeting,
    Mode,
    ReviewKind,
    Role,
    Volunteer,
)
from mydirection.volunteering.services import circles
from mydirection.volunteering.testing import a_role, as_coordinator, vetted


@pytest.fixture
def circle_role(db: None) -> Role:
    return a_role(
        name="Circle volunteer",
        check_level=CheckLevel.ENHANCED,
        training=[Course.INDUCTION, Course.CIRCLES],
        circles=True,
    )


@pytest.fixture
def circle(world: World, coord: User) -> Circle:
    return circles.form(
        actor=as_coordinator(coord),
        office=world.hull,
        person=world.person,
        chosen_on=timezone.localdate(),
        purpose="To have people around me while I settle in my flat",
        mode=Mode.SUPPORT,
        coordinator=coord,
    )


def volunteers(coord: User, role: Role, count: int) -> list[Volunteer]:
    names = ["Ash", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus"]
    return [vetted(coord, role, first_name=name) for name in names[:count]]


def joined(coord: User, circle: Circle, found: list[Volunteer]) -> list[Volunteer]:
    for volunteer in found:
        circles.add_volunteer(actor=as_coordinator(coord), circle=circle, volunteer=volunteer)
    return found


def test_a_circle_is_formed_only_with_the_persons_purpose_and_once(
    world: World, coord: User, circle: Circle
) -> None:
    with pytest.raises(ValidationError):
        circles.form(
            actor=as_coordinator(coord),
            office=world.hull,
            person=world.person,
            chosen_on=timezone.localdate(),
            purpose="Another",
            mode=Mode.SUPPORT,
            coordinator=coord,
        )
    with pytest.raises(ValidationError) as refused:
        circles.form(
            actor=as_coordinator(coord),
            office=world.hull,
            person=world.other_person,
            chosen_on=timezone.localdate() + timedelta(days=1),
            purpose="",
            mode=Mode.SUPPORT,
            coordinator=coord,
        )
    assert set(refused.value.message_dict) == {"purpose", "chosen_on"}
    entry = AccessLogEntry.objects.filter(subject_id=world.person.pk, what="Life Links circle")
    assert entry.filter(operation="collect").exists()


def test_only_circle_volunteers_join_and_six_at_most(
    coord: User, circle: Circle, circle_role: Role, helper_role: Role
) -> None:
    helper = vetted(coord, helper_role, first_name="Hal")
    with pytest.raises(ValidationError) as refused:
        circles.add_volunteer(actor=as_coordinator(coord), circle=circle, volunteer=helper)
    assert refused.value.message_dict == {"volunteer": ["Hal has no circle role"]}
    joined(coord, circle, volunteers(coord, circle_role, 6))
    seventh = vetted(coord, circle_role, first_name="Ivy")
    with pytest.raises(ValidationError) as full:
        circles.add_volunteer(actor=as_coordinator(coord), circle=circle, volunteer=seventh)
    assert full.value.message_dict == {"volunteer": ["A circle has 6 volunteers at most"]}


def test_the_first_meeting_needs_three_volunteers_and_starts_the_circle(
    coord: User, circle: Circle, circle_role: Role
) -> None:
    ash, bea = joined(coord, circle, volunteers(coord, circle_role, 2))
    held = timezone.now() - timedelta(hours=2)
    with pytest.raises(ValidationError) as refused:
        circles.record_meeting(
            actor=as_coordinator(coord),
            circle=circle,
            by=ash,
            held_at=held,
            person_attended=True,
            attended=[ash],
        )
    assert refused.value.message_dict["held_at"] == [
        "A circle meets once it has 3 volunteers (2 so far)"
    ]
    cal = vetted(coord, circle_role, first_name="Cal")
    circles.add_volunteer(actor=as_coordinator(coord), circle=circle, volunteer=cal)
    meeting = circles.record_meeting(
        actor=as_coordinator(coord),
        circle=circle,
        by=ash,
        held_at=held,
        person_attended=True,
        attended=[ash, bea],
    )
    circle.refresh_from_db()
    assert circle.status == CircleStatus.MEETING
    assert circle.started_on == timezone.localdate(held)
    assert set(meeting.attended.all()) == {ash, bea}
    assert meeting.minutes_at is None
    circles.write_minutes(
        actor=as_coordinator(coord),
        meeting=meeting,
        by=bea,
        minutes="Talked about the flat",
        expected_version=1,
    )
    with pytest.raises(StaleEdit):
        circles.write_minutes(
            actor=as_coordinator(coord),
            meeting=meeting,
            by=bea,
            minutes="Again",
            expected_version=1,
        )
    assert Meeting.objects.get().minutes == "Talked about the flat"


def test_someone_outside_the_circle_cannot_record_or_raise_concerns(
    coord: User, circle: Circle, circle_role: Role
) -> None:
    inside = joined(coord, circle, volunteers(coord, circle_role, 3))
    outsider = vetted(coord, circle_role, first_name="Out")
    with pytest.raises(ValidationError):
        circles.record_meeting(
            actor=as_coordinator(coord),
            circle=circle,
            by=outsider,
            held_at=timezone.now(),
            person_attended=True,
            attended=inside,
        )
    with pytest.raises(ValidationError):
        circles.raise_concern(actor=as_coordinator(coord), circle=circle, by=outsider, what="…")


def test_a_concern_is_triaged_once_with_an_outcome(
    world: World, coord: User, circle: Circle, circle_role: Role
) -> None:
    ash, *_ = joined(coord, circle, volunteers(coord, circle_role, 3))
    concern = circles.raise_concern(
        actor=as_coordinator(coord), circle=circle, by=ash, what="He said he has stopped eating"
    )
    with pytest.raises(ValidationError) as refused:
        circles.triage(
            actor=as_coordinator(coord), concern=concern, outcome="", note="", expected_version=1
        )
    assert set(refused.value.message_dict) == {"outcome", "outcome_note"}
    circles.triage(
        actor=as_coordinator(coord),
        concern=concern,
        outcome=ConcernOutcome.CASE_MANAGER,
        note="Rang Carol Mercer; she is seeing him tomorrow",
        expected_version=1,
    )
    concern.refresh_from_db()
    assert (concern.outcome, concern.triaged_by) == (ConcernOutcome.CASE_MANAGER, coord)
    with pytest.raises(StaleEdit):
        circles.triage(
            actor=as_coordinator(coord),
            concern=concern,
            outcome="no_action",
            note="x",
            expected_version=2,
        )
    assert AccessLogEntry.objects.filter(
        subject_id=world.person.pk, what="Volunteer concern"
    ).exists()


def test_tasks_belong_to_the_circles_volunteers(
    coord: User, circle: Circle, circle_role: Role
) -> None:
    ash, *_ = joined(coord, circle, volunteers(coord, circle_role, 3))
    outsider = vetted(coord, circle_role, first_name="Out")
    with pytest.raises(ValidationError):
        circles.add_task(
            actor=as_coordinator(coord), circle=circle, what="Find a bike", volunteer=outsider
        )
    task = circles.add_task(
        actor=as_coordinator(coord), circle=circle, what="Find a bike", volunteer=ash
    )
    circles.finish_task(actor=as_coordinator(coord), task=task)
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()


def test_an_accountability_circle_has_an_outer_circle_and_a_support_circle_does_not(
    world: World, coord: User, circle: Circle
) -> None:
    with pytest.raises(ValidationError):
        circles.add_outer_member(
            actor=as_coordinator(coord),
            circle=circle,
            name="PC Lowe",
            organisation="Police",
            role="Offender manager",
        )
    other = circles.form(
        actor=as_coordinator(coord),
        office=world.hull,
        person=world.other_person,
        chosen_on=timezone.localdate(),
        purpose="To stay on track",
        mode=Mode.ACCOUNTABILITY,
        coordinator=coord,
    )
    outer = circles.add_outer_member(
        actor=as_coordinator(coord),
        circle=other,
        name="Sam Mills",
        organisation="Probation",
        role="Case manager",
    )
    assert list(other.outer.all()) == [outer]


def test_the_end_review_ends_the_circle_and_its_volunteers_leave(
    coord: User, circle: Circle, circle_role: Role
) -> None:
    joined(coord, circle, volunteers(coord, circle_role, 3))
    with pytest.raises(ValidationError) as refused:
        circles.review(
            actor=as_coordinator(coord), circle=circle, kind=ReviewKind.END, notes="Went well"
        )
    assert set(refused.value.message_dict) == {"end_reason"}
    circles.review(
        actor=as_coordinator(coord),
        circle=circle,
        kind=ReviewKind.END,
        notes="He has a job and friends at the allotment",
        end_reason="Its purpose is met",
    )
    circle.refresh_from_db()
    assert circle.status == CircleStatus.ENDED
    assert not circle.members.filter(left_on__isnull=True).exists()
