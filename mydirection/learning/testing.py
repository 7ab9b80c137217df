"""Staff learning for tests.

as_staff(user)      the actor of staff work about no person
scene(world)        Hull's learning: a past training day (the case manager and a colleague
                    invited, the case manager attended), an active Action Learning Set (the
                    case manager, a colleague, the excluded officer and the coordinator, the
                    senior facilitating) with a meeting, and an entry of the case manager's
                    reflective log; scene_subjects(scene) its URL parameters
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.learning import services
from mydirection.learning.models import ActionLearningSet, LogEntry, TrainingDay
from mydirection.staff.models import TrainingCourse, User
from mydirection.testing import World


def as_staff(user: User) -> StaffActor:
    return StaffActor.about_no_person(user)


def a_day(
    world: World,
    *,
    invited: list[User] | None = None,
    held_on: date | None = None,
    course: str = TrainingCourse.PERSON_CENTRED,
) -> TrainingDay:
    return services.organise_training_day(
        actor=as_staff(world.senior),
        office=world.team_a.office,
        course=course,
        held_on=held_on or timezone.localdate() - timedelta(days=7),
        place="Hull probation office, room 2",
        facilitator="Jess Holt",
        attendees=invited if invited is not None else [world.cm, world.colleague],
    )


def a_set(world: World) -> ActionLearningSet:
    return services.form_set(
        actor=as_staff(world.senior),
        office=world.team_a.office,
        name="Hull set one",
        facilitator=world.senior,
        members=[world.cm, world.colleague, world.excluded, world.coordinator],
    )


def an_entry(user: User, **fields: object) -> LogEntry:
    values: dict[str, object] = {
        "written_on": timezone.localdate(),
        "what_happened": "A hard conversation about a missed appointment",
        "what_i_learnt": "Asking what mattered first changed the conversation",
        "do_differently": "Start with their goals",
        "today": timezone.localdate(),
    } | fields
    return services.write_entry(actor=as_staff(user), **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Scene:
    day: TrainingDay
    learning_set: ActionLearningSet
    entry: LogEntry


def scene(world: World) -> Scene:
    day = a_day(world)
    services.record_attendance(
        actor=as_staff(world.senior), day=day, attended=[world.cm], today=timezone.localdate()
    )
    learning_set = a_set(world)
    services.record_meeting(
        actor=as_staff(world.senior),
        learning_set=learning_set,
        held_on=timezone.localdate() - timedelta(days=3),
        present=[world.cm, world.colleague, world.coordinator],
        today=timezone.localdate(),
    )
    return Scene(day, learning_set, an_entry(world.cm, training_day=day))


def scene_subjects(found: Scene) -> dict[str, object]:
    return {
        "training_day_id": found.day.pk,
        "learning_set_id": found.learning_set.pk,
        "log_entry_id": found.entry.pk,
    }
