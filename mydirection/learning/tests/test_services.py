"""Staff learning's services: what is saved, what is refused, what is logged."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.learning import services
from mydirection.learning.models import ActionLearningSet, Attendee, SetStatus
from mydirection.learning.testing import a_day, a_set, an_entry, as_staff
from mydirection.staff.models import Training, TrainingCourse
from mydirection.testing import World

pytestmark = pytest.mark.django_db


def test_attending_a_training_day_records_the_course_as_training(world: World) -> None:
    day = a_day(world)
    services.record_attendance(
        actor=as_staff(world.senior), day=day, attended=[world.cm], today=timezone.localdate()
    )
    rows = {a.user_id: a.attended for a in Attendee.objects.filter(day=day)}
    assert rows == {world.cm.pk: True, world.colleague.pk: False}
    assert list(Training.objects.values_list("user", "course", "completed_on")) == [
        (world.cm.pk, TrainingCourse.PERSON_CENTRED, day.held_on)
    ]
    entry = AccessLogEntry.objects.filter(what="Training day attendance recorded").get()
    assert entry.subject_id is None and entry.actor_id == world.senior.pk
    assert entry.details["attended"] == [str(world.cm.pk)]
    # A change of mind takes the training away again.
    services.record_attendance(
        actor=as_staff(world.senior), day=day, attended=[], today=timezone.localdate()
    )
    assert not Training.objects.exists()


def test_attendance_waits_for_the_day(world: World) -> None:
    day = a_day(world, held_on=timezone.localdate() + timedelta(days=3))
    with pytest.raises(ValidationError, match="once the day has happened"):
        services.record_attendance(
            actor=as_staff(world.senior), day=day, attended=[world.cm], today=timezone.localdate()
        )
    assert not Attendee.objects.filter(attended__isnull=False).exists()
    assert not Training.objects.exists()


def test_a_set_needs_four_to_eight_members_and_a_facilitator_outside_it(world: World) -> None:
    office = world.team_a.office
    with pytest.raises(ValidationError, match="at least 4"):
        services.form_set(
            actor=as_staff(world.senior),
            office=office,
            name="Too small",
            facilitator=world.senior,
            members=[world.cm, world.colleague],
        )
    with pytest.raises(ValidationError, match="facilitator is not a member"):
        services.form_set(
            actor=as_staff(world.senior),
            office=office,
            name="Facilitated by a member",
            facilitator=world.cm,
            members=[world.cm, world.colleague, world.excluded, world.coordinator],
        )
    assert not ActionLearningSet.objects.exists()


def test_a_first_meeting_makes_a_forming_set_active_and_closed_sets_meet_no_more(
    world: World,
) -> None:
    learning_set = a_set(world)
    assert learning_set.status == SetStatus.FORMING
    meeting = services.record_meeting(
        actor=as_staff(world.senior),
        learning_set=learning_set,
        held_on=timezone.localdate(),
        present=[world.cm, world.colleague],
        today=timezone.localdate(),
    )
    learning_set.refresh_from_db()
    assert learning_set.status == SetStatus.ACTIVE
    assert set(meeting.present.all()) == {world.cm, world.colleague}
    with pytest.raises(ValidationError, match="members of the set only"):
        services.record_meeting(
            actor=as_staff(world.senior),
            learning_set=learning_set,
            held_on=timezone.localdate() - timedelta(days=1),
            present=[world.elsewhere],
            today=timezone.localdate(),
        )
    services.change_status(
        actor=as_staff(world.senior), learning_set=learning_set, status=SetStatus.CLOSED
    )
    with pytest.raises(ValidationError, match="closed"):
        services.record_meeting(
            actor=as_staff(world.senior),
            learning_set=learning_set,
            held_on=timezone.localdate() - timedelta(days=2),
            present=[],
            today=timezone.localdate(),
        )
    with pytest.raises(ValidationError, match="cannot become active"):
        services.change_status(
            actor=as_staff(world.senior), learning_set=learning_set, status=SetStatus.ACTIVE
        )
    assert learning_set.meetings.count() == 1


def test_a_log_entry_is_its_authors_and_logged_without_its_words(world: World) -> None:
    entry = an_entry(world.cm, what_happened="Something only I should read")
    assert entry.author == world.cm
    logged = AccessLogEntry.objects.get(what="Reflective log entry written")
    assert logged.operation == Operation.COLLECT
    assert logged.actor_id == world.cm.pk and logged.subject_id is None
    assert logged.details == {"log_entry": str(entry.pk)}
    assert "only I should read" not in str(AccessLogEntry.objects.values_list())
