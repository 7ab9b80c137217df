"""Volunteering for tests: a coordinator, roles, and volunteers at any point of vetting.

coordinator(world)          the world's volunteer coordinator (Team A, Hull)
as_coordinator(user)        their actor (relation ``volunteering``)
a_role(**fields)            a role in the catalogue (a standard check, induction)
a_volunteer(by, **fields)   an applicant
vetted(by, role, **fields)  a volunteer vetted, trained and given ``role``
scene(world)                Hull's volunteering with something of everything (the
                            coordinator's pages); scene_subjects(scene) its URL parameters
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.interventions.models import Intervention, Kind, Referral
from mydirection.interventions.testing import a_referral
from mydirection.staff.models import User
from mydirection.testing import World
from mydirection.uploads.testing import a_png
from mydirection.volunteering.models import (
    Check,
    CheckLevel,
    Circle,
    CircleVolunteer,
    Concern,
    ConflictCheck,
    Course,
    Decision,
    Expense,
    Hours,
    HoursChange,
    Match,
    Mode,
    Reference,
    Role,
    Session,
    Shift,
    SuitabilityDecision,
    Volunteer,
)
from mydirection.volunteering.services import circles, expenses, mentoring, sessions, vetting


def coordinator(world: World) -> User:
    return world.coordinator


def as_coordinator(user: User) -> StaffActor:
    return StaffActor(user=user, relation=Relation.VOLUNTEERING)


def a_role(**fields: Any) -> Role:
    values: dict[str, Any] = {
        "name": "Recovery group helper",
        "check_level": CheckLevel.STANDARD,
        "training": [Course.INDUCTION],
    } | fields
    return Role.objects.create(**values)


def a_volunteer(by: User, **fields: Any) -> Volunteer:
    """An applicant at ``by``'s office (``by`` is a coordinator in a team)."""
    assert by.team is not None
    values: dict[str, Any] = {
        "office": by.team.office,
        "first_name": "Dana",
        "last_name": "Whitley",
    } | fields
    return vetting.apply(actor=as_coordinator(by), **values)


def vetted(by: User, role: Role, **fields: Any) -> Volunteer:
    """Two references, a cleared check at the role's level, its training, the boundaries
    agreement, a suitability decision for lived experience, and the role."""
    actor = as_coordinator(by)
    volunteer = a_volunteer(by, **fields)
    for referee in ("Ann Referee", "Bob Referee"):
        reference = vetting.ask_reference(
            actor=actor, volunteer=volunteer, referee=referee, relationship="Employer"
        )
        vetting.receive_reference(actor=actor, reference=reference, satisfactory=True)
    if role.check_level > CheckLevel.NONE:
        check = vetting.request_check(
            actor=actor, volunteer=volunteer, role=role, level=role.check_level
        )
        vetting.decide_check(
            actor=actor,
            check=check,
            certificate_number="001234567890",
            issued_on=timezone.localdate() - timedelta(days=3),
            update_service=True,
            decision=Decision.CLEAR,
            expected_version=1,
        )
    for course in role.training:
        vetting.record_training(
            actor=actor, volunteer=volunteer, course=course, completed_on=timezone.localdate()
        )
    volunteer.refresh_from_db()
    vetting.agree_boundaries(
        actor=actor,
        volunteer=volunteer,
        on=timezone.localdate(),
        expected_version=volunteer.version,
    )
    if volunteer.lived_experience:
        vetting.decide_suitability(
            actor=actor,
            volunteer=volunteer,
            decision=SuitabilityDecision.SUITABLE,
            factors="Order nearly finished; settled; supervised fortnightly",
        )
    vetting.give_role(actor=actor, volunteer=volunteer, role=role)
    volunteer.refresh_from_db()
    return volunteer


# --- The coordinator's pages: an office with something of everything -------------------------


@dataclass
class Scene:
    """Hull's volunteering, for the coordinator's page tests and the authorisation matrix:
    Dana, a vetted recovery group helper, signed up for tomorrow's group, with hours waiting,
    a change asked for, an expense claimed (with its receipt), and a third reference and a
    basic check asked for, not recorded yet; Ari, an applicant; Mo, a peer mentor matched
    with ``excluded_from_person``; a support circle for ``unallocated_person`` with three
    volunteers, a meeting whose minutes are overdue and a concern; referrals of ``person``
    to Life Links and to peer mentoring, waiting."""

    helper: Role
    mentor_role: Role
    circle_role: Role
    dana: Volunteer
    ari: Volunteer
    mo: Volunteer
    reference: Reference
    check: Check
    session: Session
    shift: Shift
    hours: Hours
    change: HoursChange
    expense: Expense
    circle_referral: Referral
    mentoring_referral: Referral
    circle: Circle
    member: CircleVolunteer
    concern: Concern
    conflict_check: ConflictCheck
    match: Match


def coordinated_intervention(world: World, kind: str, name: str) -> Intervention:
    """Hull's own (no partner's) Life Links or peer mentoring."""
    return Intervention.objects.create(
        office=world.hull,
        name=name,
        kind=kind,
        offer="People who have been there, alongside you.",
    )


def scene(world: World) -> Scene:
    coord = coordinator(world)
    actor = as_coordinator(coord)
    helper = a_role()
    mentor_role = a_role(
        name="Peer mentor",
        check_level=CheckLevel.ENHANCED,
        training=[Course.INDUCTION, Course.PEER_MENTORING],
        mentoring=True,
    )
    circle_role = a_role(
        name="Circle volunteer",
        check_level=CheckLevel.ENHANCED,
        training=[Course.INDUCTION, Course.CIRCLES],
        circles=True,
    )
    dana = vetted(coord, helper, last_name="Whitley", phone="07700 900123")
    ari = a_volunteer(coord, first_name="Ari", last_name="Newman")
    # Dana's page has a reference and a check still to record, as Ari's will.
    reference = vetting.ask_reference(
        actor=actor, volunteer=dana, referee="Sue Tutor", relationship="College tutor"
    )
    check = vetting.request_check(actor=actor, volunteer=dana, role=helper, level=CheckLevel.BASIC)
    mo = vetted(coord, mentor_role, first_name="Mo", last_name="Farrah")
    tomorrow = timezone.now() + timedelta(days=1)
    session = sessions.add_sessions(
        actor=actor,
        name="Recovery group",
        office=world.hull,
        place="Hull hub, room 2",
        starts_at=tomorrow.replace(hour=10, minute=0, second=0, microsecond=0),
        minutes=120,
        needs={helper: 2},
    )[0]
    shift = sessions.sign_up(actor=actor, session=session, volunteer=dana, role=helper)
    hours = sessions.log_hours(
        actor=actor,
        volunteer=dana,
        on=timezone.localdate() - timedelta(days=2),
        minutes=90,
        what="Set up the room",
    )
    approved = sessions.log_hours(
        actor=actor,
        volunteer=dana,
        on=timezone.localdate() - timedelta(days=9),
        minutes=60,
        what="Reminder calls",
    )
    sessions.decide_hours(actor=actor, hours=approved, approve=True, expected_version=1)
    approved.refresh_from_db()
    change = sessions.change_hours(
        actor=actor,
        hours=approved,
        minutes=120,
        what="Reminder calls",
        reason="It took two hours, not one",
        expected_version=approved.version,
    )
    assert isinstance(change, HoursChange)
    with TestCase.captureOnCommitCallbacks(execute=True):
        expense = expenses.claim(
            actor=actor,
            volunteer=dana,
            spent_on=timezone.localdate() - timedelta(days=1),
            what="Bus fares to the group",
            amount=450,
            receipt=a_png(),
        )
    circle_referral = a_referral(
        world.person, coordinated_intervention(world, Kind.LIFE_LINKS, "Life Links"), world.cm
    )
    mentoring_referral = a_referral(
        world.person,
        coordinated_intervention(world, Kind.PEER_MENTORING, "Peer mentoring"),
        world.cm,
    )
    circle = circles.form(
        actor=actor,
        office=world.hull,
        person=world.unallocated_person,
        chosen_on=timezone.localdate() - timedelta(days=20),
        purpose="People to talk to while I find work",
        mode=Mode.SUPPORT,
        coordinator=coord,
    )
    members = [
        circles.add_volunteer(
            actor=actor, circle=circle, volunteer=vetted(coord, circle_role, first_name=name)
        )
        for name in ("Ash", "Bea", "Cal")
    ]
    by = members[0].volunteer
    circles.record_meeting(
        actor=actor,
        circle=circle,
        by=by,
        held_at=timezone.now() - timedelta(days=3),
        person_attended=True,
        attended=[m.volunteer for m in members],
    )
    concern = circles.raise_concern(
        actor=actor, circle=circle, by=by, what="He said he has nowhere to sleep this week"
    )
    conflict_check, match = mentoring.check_and_match(
        actor=actor,
        mentor=mo,
        mentee=world.excluded_from_person,
        co_defendant=False,
        victim=False,
        family=False,
        known_associate=False,
    )
    assert match is not None
    return Scene(
        helper=helper,
        mentor_role=mentor_role,
        circle_role=circle_role,
        dana=dana,
        ari=ari,
        mo=mo,
        reference=reference,
        check=check,
        session=session,
        shift=shift,
        hours=hours,
        change=change,
        expense=expense,
        circle_referral=circle_referral,
        mentoring_referral=mentoring_referral,
        circle=circle,
        member=members[-1],
        concern=concern,
        conflict_check=conflict_check,
        match=match,
    )


def scene_subjects(found: Scene) -> dict[str, Any]:
    """The coordinator's URL parameters, as the authorisation matrix names them."""
    dana = found.dana
    return {
        "volunteer_id": dana.pk,
        "reference_id": found.reference.pk,
        "check_id": found.check.pk,
        "placement_id": dana.placements.get().pk,
        "role_id": found.helper.pk,
        "group_session_id": found.session.pk,
        "shift_id": found.shift.pk,
        "hours_id": found.hours.pk,
        "change_id": found.change.pk,
        "expense_id": found.expense.pk,
        "mentoring_referral_id": found.mentoring_referral.pk,
        "conflict_check_id": found.conflict_check.pk,
        "match_id": found.match.pk,
        "circle_referral_id": found.circle_referral.pk,
        "circle_id": found.circle.pk,
        "circle_member_id": found.member.pk,
        "concern_id": found.concern.pk,
    }
