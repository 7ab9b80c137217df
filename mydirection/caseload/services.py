"""Allocating and reallocating cases, with the handover that carries the person's story."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Exclusion, Operation, Restriction
from mydirection.access.policy import Relation, in_force
from mydirection.caseload.models import Allocation, Handover
from mydirection.caseload.selectors import is_finished
from mydirection.people import services as people_services
from mydirection.people.models import Person
from mydirection.staff.models import User

# How allocations read in the access log; the history shows them from their own records.
ALLOCATED = "Case allocated"
REALLOCATED = "Case reallocated with a handover"


class AllocationRefused(Exception):
    """The allocation breaks a rule; the message says which, in words for the user."""


@dataclass(frozen=True)
class HandoverNote:
    what_matters: str
    key_history: str
    open_actions: str = ""


def _check_can_hold(person: Person, case_manager: User) -> None:
    if not case_manager.is_active or not case_manager.holds_caseload:
        raise AllocationRefused(f"{case_manager.display_name} cannot hold a caseload")
    active = in_force(timezone.now())
    if Exclusion.objects.filter(active, person=person, user=case_manager).exists():
        raise AllocationRefused(f"{case_manager.display_name} is excluded from this case")
    if (
        Restriction.objects.filter(active, person=person)
        .exclude(allowed_users=case_manager)
        .exists()
    ):
        raise AllocationRefused(
            f"This case is restricted and {case_manager.display_name} is not named on it"
        )


FINISHED = "This case has finished (no order is current), so it cannot be {}"


def _check_live(person: Person, doing: str) -> None:
    """A finished case stays with whoever held it last: a new order makes it live again."""
    if is_finished(person):
        raise AllocationRefused(FINISHED.format(doing))


def _move(person: Person, case_manager: User) -> None:
    person.case_manager = case_manager
    person.team_id = case_manager.team_id or person.team_id
    person.save(update_fields=["case_manager", "team", "updated_at"])


@transaction.atomic
def allocate(
    *, actor: StaffActor, person: Person, case_manager: User, reason: str = ""
) -> Allocation:
    """Give an unallocated case to a case manager."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.case_manager_id is not None:
        raise AllocationRefused("This case is already allocated: reallocate it instead")
    _check_live(person, "allocated")
    _check_can_hold(person, case_manager)
    allocation = Allocation.objects.create(
        person=person,
        case_manager=case_manager,
        allocated_by=actor.user,
        started_at=timezone.now(),
        reason=reason,
    )
    _move(person, case_manager)
    record(
        actor=actor,
        operation=Operation.ALTER,
        what=ALLOCATED,
        subject_id=person.pk,
        details={"to": str(case_manager.pk), "allocation": str(allocation.pk)},
    )
    return allocation


@transaction.atomic
def reallocate(
    *, actor: StaffActor, person: Person, to: User, reason: str, handover: HandoverNote
) -> Allocation:
    """Move a case to another case manager, ending the current allocation.

    The handover is required: it is what the new case manager reads first, so that the
    person does not have to tell their story again.
    """
    if not reason.strip():
        raise AllocationRefused("Enter why the case is moving")
    if not handover.what_matters.strip() or not handover.key_history.strip():
        raise AllocationRefused("Enter what matters to the person and their key history")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.case_manager_id == to.pk:
        raise AllocationRefused(f"{to.display_name} already holds this case")
    _check_live(person, "reallocated")
    _check_can_hold(person, to)
    now = timezone.now()
    Allocation.objects.filter(person=person, ended_at__isnull=True).update(ended_at=now)
    allocation = Allocation.objects.create(
        person=person, case_manager=to, allocated_by=actor.user, started_at=now, reason=reason
    )
    Handover.objects.create(
        allocation=allocation,
        what_matters=handover.what_matters,
        key_history=handover.key_history,
        open_actions=handover.open_actions,
        written_by=actor.user,
        written_at=now,
    )
    previous = person.case_manager_id
    _move(person, to)
    record(
        actor=actor,
        operation=Operation.ALTER,
        what=REALLOCATED,
        subject_id=person.pk,
        details={
            "from": str(previous) if previous else "",
            "to": str(to.pk),
            "allocation": str(allocation.pk),
        },
    )
    return allocation


@transaction.atomic
def add_to_caseload(*, actor: StaffActor, details: dict[str, Any]) -> Person:
    """A case manager adds someone to their own caseload: the record in their team, then the
    allocation to them, in one step (they are the case manager from the first entry)."""
    user = actor.user
    if user.team is None:
        raise AllocationRefused(f"{user.display_name} is not in a team")
    mine = StaffActor(user, Relation.CASE_MANAGER)
    person = people_services.create_person(actor=mine, team=user.team, details=details)
    allocate(actor=mine, person=person, case_manager=user, reason="New case")
    return person


@transaction.atomic
def allocate_or_reallocate(
    *, actor: StaffActor, person: Person, to: User, reason: str, handover: HandoverNote
) -> Allocation:
    """The reallocation page's one action: an unallocated case is allocated (there is no one
    to hand over from); an allocated one moves with the handover."""
    if person.case_manager_id is None:
        return allocate(actor=actor, person=person, case_manager=to, reason=reason)
    return reallocate(actor=actor, person=person, to=to, reason=reason, handover=handover)


@transaction.atomic
def mark_handover_read(*, actor: StaffActor, handover: Handover) -> None:
    updated = Handover.objects.filter(pk=handover.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if updated:
        record(
            actor=actor,
            operation=Operation.CONSULT,
            what="Handover read",
            subject_id=handover.allocation.person_id,
            details={"handover": str(handover.pk)},
        )
