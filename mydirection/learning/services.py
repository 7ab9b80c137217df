"""Writing staff learning: each change in one transaction, logged with no person (staff
work: ``StaffActor.about_no_person``), identifiers only in the details. Reading one's own log
entry is logged too, as staff data is (a consultation, no person)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.learning import rules
from mydirection.learning.models import (
    ActionLearningSet,
    Attendee,
    LogEntry,
    SetMeeting,
    SetStatus,
    TrainingDay,
)
from mydirection.staff.models import Office, Training, User
from mydirection.staff.services import training_changed


@transaction.atomic
def organise_training_day(
    *,
    actor: StaffActor,
    office: Office,
    course: str,
    held_on: date,
    place: str,
    facilitator: str,
    attendees: Iterable[User],
) -> TrainingDay:
    invited = list(attendees)
    if not invited:
        raise ValidationError({"attendees": "Select the staff invited"})
    day = TrainingDay.objects.create(
        office=office,
        course=course,
        held_on=held_on,
        place=place,
        facilitator=facilitator,
        organised_by=actor.user,
    )
    Attendee.objects.bulk_create([Attendee(day=day, user=user) for user in invited])
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Training day organised",
        details={"training_day": str(day.pk), "attendees": [str(u.pk) for u in invited]},
    )
    return day


@transaction.atomic
def record_attendance(
    *, actor: StaffActor, day: TrainingDay, attended: Iterable[User], today: date
) -> None:
    """Who attended and who did not; those who attended have the course as their training
    (``staff.Training``), which the monitoring counts (its summaries are counted again for
    the people those staff saw); a change of mind takes it away."""
    problem = rules.attendance_problem(day.held_on, today)
    if problem:
        raise ValidationError({"attended": problem})
    came = {user.pk for user in attended}
    rows = list(Attendee.objects.select_for_update().filter(day=day))
    for row in rows:
        row.attended = row.user_id in came
    Attendee.objects.bulk_update(rows, ["attended"])
    changed = []
    for row in rows:
        if row.attended:
            _, moved = Training.objects.get_or_create(
                user_id=row.user_id, course=day.course, completed_on=day.held_on
            )
        else:
            deleted, _ = Training.objects.filter(
                user_id=row.user_id, course=day.course, completed_on=day.held_on
            ).delete()
            moved = deleted > 0
        if moved:
            changed.append(row.user_id)
    # Who was trained by the day of their appointments may have changed: the monitoring's
    # trained and untrained counts follow, in this transaction (through the one hook
    # ``record_training`` uses too).
    training_changed(changed, since=day.held_on)
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Training day attendance recorded",
        details={
            "training_day": str(day.pk),
            "attended": sorted(str(r.user_id) for r in rows if r.attended),
            "did_not_attend": sorted(str(r.user_id) for r in rows if not r.attended),
        },
    )


@transaction.atomic
def form_set(
    *,
    actor: StaffActor,
    office: Office,
    name: str,
    facilitator: User,
    members: Iterable[User],
) -> ActionLearningSet:
    chosen = list(members)
    problem = rules.members_problem(len(chosen))
    if problem:
        raise ValidationError({"members": problem})
    if facilitator in chosen:
        raise ValidationError(
            {"facilitator": "The facilitator is not a member: choose someone else or untick them"}
        )
    learning_set = ActionLearningSet.objects.create(
        office=office, name=name, facilitator=facilitator, organised_by=actor.user
    )
    learning_set.members.set(chosen)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Action Learning Set formed",
        details={"learning_set": str(learning_set.pk), "members": [str(u.pk) for u in chosen]},
    )
    return learning_set


@transaction.atomic
def change_status(*, actor: StaffActor, learning_set: ActionLearningSet, status: str) -> None:
    stored = ActionLearningSet.objects.select_for_update().get(pk=learning_set.pk)
    problem = rules.status_problem(stored.status, status)
    if problem:
        raise ValidationError({"status": problem})
    if stored.status == status:
        return
    stored.status = status
    stored.save(update_fields=["status"])
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Action Learning Set status changed",
        details={"learning_set": str(stored.pk), "status": status},
    )


@transaction.atomic
def record_meeting(
    *,
    actor: StaffActor,
    learning_set: ActionLearningSet,
    held_on: date,
    present: Iterable[User],
    today: date,
) -> SetMeeting:
    stored = ActionLearningSet.objects.select_for_update().get(pk=learning_set.pk)
    problem = rules.meeting_problem(stored.status, held_on, today)
    if problem:
        raise ValidationError({"held_on": problem})
    if SetMeeting.objects.filter(learning_set=stored, held_on=held_on).exists():
        raise ValidationError({"held_on": "A meeting on that day is already recorded"})
    came = list(present)
    members = set(stored.members.values_list("pk", flat=True))
    if any(user.pk not in members for user in came):
        raise ValidationError({"present": "Select members of the set only"})
    meeting = SetMeeting.objects.create(learning_set=stored, held_on=held_on)
    meeting.present.set(came)
    if stored.status == SetStatus.FORMING:
        stored.status = SetStatus.ACTIVE
        stored.save(update_fields=["status"])
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Action Learning Set meeting recorded",
        details={"learning_set": str(stored.pk), "present": [str(u.pk) for u in came]},
    )
    return meeting


@transaction.atomic
def write_entry(
    *,
    actor: StaffActor,
    written_on: date,
    what_happened: str,
    what_i_learnt: str = "",
    do_differently: str = "",
    training_day: TrainingDay | None = None,
    learning_set: ActionLearningSet | None = None,
    today: date,
) -> LogEntry:
    """An entry of the actor's own log: they are its author, and only reader."""
    problem = rules.entry_date_problem(written_on, today)
    if problem:
        raise ValidationError({"written_on": problem})
    entry = LogEntry.objects.create(
        author=actor.user,
        written_on=written_on,
        training_day=training_day,
        learning_set=learning_set,
        what_happened=what_happened,
        what_i_learnt=what_i_learnt,
        do_differently=do_differently,
    )
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Reflective log entry written",
        details={"log_entry": str(entry.pk)},
    )
    return entry


def entry_read(*, actor: StaffActor, entry: LogEntry) -> None:
    """The author read their own entry (nobody else can)."""
    record(
        actor=actor,
        operation=Operation.CONSULT,
        what="Reflective log entry read",
        details={"log_entry": str(entry.pk)},
    )


def learning_read(*, actor: StaffActor) -> None:
    """The author opened My learning, which lists their own log."""
    record(actor=actor, operation=Operation.CONSULT, what="My learning (own reflective log)")
