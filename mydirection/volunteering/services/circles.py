"""Life Links circles: formed for a focus person who chose one and its purpose; 3 to 6
volunteers and a coordinator; meetings with attendance and minutes due within 48 hours; tasks;
concerns that reach the coordinator at once; quarterly and end-of-circle reviews."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import Actor, StaffActor
from mydirection.access.models import Operation
from mydirection.interventions.models import Referral
from mydirection.people.models import Person
from mydirection.staff.models import Office, User
from mydirection.versioning import save_if_unchanged
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    Circle,
    CircleStatus,
    CircleVolunteer,
    Concern,
    Meeting,
    Mode,
    OuterMember,
    Review,
    ReviewKind,
    Task,
    Volunteer,
)
from mydirection.volunteering.services.log import log

WHAT = "Life Links circle"


def _log(actor: Actor, operation: Operation, circle: Circle, **details: Any) -> None:
    log(actor, operation, WHAT, circle.person_id, circle=circle.pk, **details)


def form(
    *,
    actor: StaffActor,
    office: Office,
    person: Person,
    chosen_on: date,
    purpose: str,
    mode: Mode,
    coordinator: User,
    referral: Referral | None = None,
) -> Circle:
    """A circle exists only because its focus person chose it, and says why in their words."""
    errors = {}
    if not purpose.strip():
        errors["purpose"] = "Write the circle's purpose in the person's words"
    if chosen_on > timezone.localdate():
        errors["chosen_on"] = "The date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if Circle.objects.filter(person=person).exclude(status=CircleStatus.ENDED).exists():
            raise ValidationError("This person already has a circle")
        circle = Circle.objects.create(
            office=office,
            person=person,
            referral=referral,
            chosen_on=chosen_on,
            purpose=purpose.strip(),
            mode=mode,
            coordinator=coordinator,
        )
        _log(actor, Operation.COLLECT, circle)
    return circle


def volunteers_in(circle: Circle) -> list[Volunteer]:
    return [
        member.volunteer
        for member in circle.members.filter(left_on__isnull=True).select_related("volunteer")
    ]


def add_volunteer(*, actor: StaffActor, circle: Circle, volunteer: Volunteer) -> CircleVolunteer:
    """Only a volunteer given a circle role; at most six."""
    with transaction.atomic():
        circle = Circle.objects.select_for_update().get(pk=circle.pk)
        if circle.status == CircleStatus.ENDED:
            raise ValidationError("This circle has ended")
        if not volunteer.placements.filter(ended_on__isnull=True, role__circles=True).exists():
            raise ValidationError({"volunteer": f"{volunteer.first_name} has no circle role"})
        if volunteer.person_id == circle.person_id:
            raise ValidationError({"volunteer": "The focus person cannot be a volunteer in it"})
        current = circle.members.filter(left_on__isnull=True)
        if current.filter(volunteer=volunteer).exists():
            raise ValidationError({"volunteer": f"{volunteer.first_name} is already in it"})
        refusal = rules.join_refusal(current.count())
        if refusal:
            raise ValidationError({"volunteer": refusal})
        member = CircleVolunteer.objects.create(
            circle=circle, volunteer=volunteer, joined_on=timezone.localdate()
        )
        _log(actor, Operation.ALTER, circle, volunteer=volunteer.pk)
    return member


def remove_volunteer(*, actor: StaffActor, member: CircleVolunteer) -> None:
    with transaction.atomic():
        CircleVolunteer.objects.filter(pk=member.pk, left_on__isnull=True).update(
            left_on=timezone.localdate()
        )
        _log(actor, Operation.ALTER, member.circle, left=member.volunteer_id)


def add_outer_member(
    *, actor: StaffActor, circle: Circle, name: str, organisation: str, role: str
) -> OuterMember:
    if circle.mode != Mode.ACCOUNTABILITY:
        raise ValidationError("Only an accountability circle has an outer circle")
    with transaction.atomic():
        outer = OuterMember.objects.create(
            circle=circle, name=name.strip(), organisation=organisation.strip(), role=role.strip()
        )
        _log(actor, Operation.ALTER, circle, outer=outer.pk)
    return outer


def record_meeting(
    *,
    actor: Actor,
    circle: Circle,
    by: Volunteer,
    held_at: datetime,
    person_attended: bool,
    attended: Sequence[Volunteer],
    minutes: str = "",
) -> Meeting:
    """A volunteer in the circle records a meeting (with its minutes now or within 48 hours).
    The first meeting starts the circle."""
    members = {volunteer.pk for volunteer in volunteers_in(circle)}
    errors = {}
    refusal = rules.meeting_refusal(len(members), circle.status == CircleStatus.ENDED)
    if refusal:
        errors["held_at"] = refusal
    elif held_at > timezone.now():
        errors["held_at"] = "Record a meeting once it has happened"
    if by.pk not in members:
        raise ValidationError("Only a volunteer in this circle can record its meetings")
    if any(volunteer.pk not in members for volunteer in attended):
        errors["attended"] = "Choose volunteers in this circle"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            circle=circle,
            held_at=held_at,
            person_attended=person_attended,
            recorded_by=by,
            minutes=minutes.strip(),
            minutes_at=timezone.now() if minutes.strip() else None,
        )
        meeting.attended.set(attended)
        Circle.objects.filter(pk=circle.pk, status=CircleStatus.FORMING).update(
            status=CircleStatus.MEETING, started_on=timezone.localdate(held_at)
        )
        _log(actor, Operation.COLLECT, circle, meeting=meeting.pk)
    return meeting


def write_minutes(
    *, actor: Actor, meeting: Meeting, by: Volunteer, minutes: str, expected_version: int
) -> None:
    if not minutes.strip():
        raise ValidationError({"minutes": "Write the minutes"})
    if by.pk not in {volunteer.pk for volunteer in volunteers_in(meeting.circle)}:
        raise ValidationError("Only a volunteer in this circle can write its minutes")
    with transaction.atomic():
        save_if_unchanged(
            Meeting.objects,
            pk=meeting.pk,
            expected_version=expected_version,
            minutes=minutes.strip(),
            minutes_at=meeting.minutes_at or timezone.now(),
        )
        _log(actor, Operation.ALTER, meeting.circle, meeting=meeting.pk)


def add_task(
    *,
    actor: Actor,
    circle: Circle,
    what: str,
    volunteer: Volunteer | None = None,
    due_on: date | None = None,
) -> Task:
    if not what.strip():
        raise ValidationError({"what": "Say what needs doing"})
    if volunteer is not None and volunteer.pk not in {v.pk for v in volunteers_in(circle)}:
        raise ValidationError({"volunteer": "Choose a volunteer in this circle"})
    with transaction.atomic():
        task = Task.objects.create(
            circle=circle, what=what.strip(), volunteer=volunteer, due_on=due_on
        )
        _log(actor, Operation.COLLECT, circle, task=task.pk)
    return task


def finish_task(*, actor: Actor, task: Task) -> None:
    with transaction.atomic():
        Task.objects.filter(pk=task.pk, done_on__isnull=True).update(done_on=timezone.localdate())
        _log(actor, Operation.ALTER, task.circle, task=task.pk)


def raise_concern(*, actor: Actor, circle: Circle, by: Volunteer, what: str) -> Concern:
    """Saved and shown to the coordinator at once: the first panel of their home page."""
    if not what.strip():
        raise ValidationError({"what": "Say what worries you"})
    if by.pk not in {volunteer.pk for volunteer in volunteers_in(circle)}:
        raise ValidationError("Only a volunteer in this circle can raise a concern about it")
    with transaction.atomic():
        concern = Concern.objects.create(circle=circle, raised_by=by, what=what.strip())
        _log(actor, Operation.COLLECT, circle, concern=concern.pk)
    return concern


def triage(
    *, actor: StaffActor, concern: Concern, outcome: str, note: str, expected_version: int
) -> None:
    errors = {}
    if not outcome:
        errors["outcome"] = "Choose what was done"
    if not note.strip():
        errors["outcome_note"] = "Say what was done and why"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        save_if_unchanged(
            Concern.objects.filter(triaged_at__isnull=True),
            pk=concern.pk,
            expected_version=expected_version,
            outcome=outcome,
            outcome_note=note.strip(),
            triaged_by=actor.user,
            triaged_at=timezone.now(),
        )
        about = concern.circle.person_id if concern.circle else None
        log(actor, Operation.ALTER, "Volunteer concern", about, concern=concern.pk, outcome=outcome)


def review(
    *, actor: StaffActor, circle: Circle, kind: ReviewKind, notes: str, end_reason: str = ""
) -> Review:
    """A quarterly review, or the end-of-circle review that ends it."""
    errors = {}
    if not notes.strip():
        errors["notes"] = "Write what the person and the circle said"
    if kind == ReviewKind.END and not end_reason.strip():
        errors["end_reason"] = "Say why the circle ends"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = Review.objects.create(
            circle=circle,
            kind=kind,
            held_on=timezone.localdate(),
            by=actor.user,
            notes=notes.strip(),
        )
        if kind == ReviewKind.END:
            Circle.objects.filter(pk=circle.pk).update(
                status=CircleStatus.ENDED,
                ended_on=timezone.localdate(),
                end_reason=end_reason.strip(),
            )
            circle.members.filter(left_on__isnull=True).update(left_on=timezone.localdate())
        _log(actor, Operation.COLLECT, circle, review=kind)
    return found
