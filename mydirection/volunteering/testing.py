"""Volunteering for tests: a coordinator, roles, and volunteers at any point of vetting.

coordinator(world)          the world's volunteer coordinator (made once, in Team A, Hull)
as_coordinator(user)        their actor (relation ``volunteering``)
a_role(**fields)            a role in the catalogue (a standard check, induction)
a_volunteer(by, **fields)   an applicant
vetted(by, role, **fields)  a volunteer vetted, trained and given ``role``
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.staff.models import Role as StaffRole
from mydirection.staff.models import User
from mydirection.testing import UserFactory, World
from mydirection.volunteering.models import (
    CheckLevel,
    Course,
    Decision,
    Role,
    SuitabilityDecision,
    Volunteer,
)
from mydirection.volunteering.services import vetting


def coordinator(world: World) -> User:
    found = User.objects.filter(username="coordinator").first()
    return found or UserFactory.create(
        username="coordinator",
        role=StaffRole.VOLUNTEER_COORDINATOR,
        team=world.team_a,
        first_name="Colin",
        last_name="Ordway",
    )


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
