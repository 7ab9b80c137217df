"""Builders for the tests of a volunteer's own pages, the case manager's panel, the app's
pages, the authorisation matrix and the browser journey: the world's volunteer with a record,
circles with volunteers, sessions needing a role."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone

from mydirection.interventions.models import Intervention
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.testing import World
from mydirection.volunteering.models import (
    CheckLevel,
    Circle,
    Course,
    Decision,
    Mode,
    Role,
    Session,
    Volunteer,
)
from mydirection.volunteering.services import circles, sessions, vetting
from mydirection.volunteering.testing import a_role, as_coordinator, vetted


def circle_role() -> Role:
    found = Role.objects.filter(name="Circle volunteer").first()
    return found or a_role(
        name="Circle volunteer",
        check_level=CheckLevel.ENHANCED,
        training=[Course.INDUCTION, Course.CIRCLES],
        circles=True,
    )


def helper_role() -> Role:
    found = Role.objects.filter(name="Recovery group helper").first()
    return found or a_role()


def worlds_volunteer(world: World, coord: User, *roles: Role) -> Volunteer:
    """The world's volunteer persona (Vic Lane) with a volunteer record in Hull, vetted and
    given ``roles`` (a recovery group helper and a circle volunteer unless said)."""
    roles = roles or (helper_role(), circle_role())
    volunteer = vetted(coord, roles[0], user=world.volunteer, first_name="Vic", last_name="Lane")
    actor = as_coordinator(coord)
    for role in roles[1:]:
        for course in role.training:
            if not volunteer.training.filter(course=course).exists():
                vetting.record_training(
                    actor=actor,
                    volunteer=volunteer,
                    course=course,
                    completed_on=timezone.localdate(),
                )
        check = volunteer.checks.order_by("-level").first()
        if check is None or check.level < role.check_level:
            new = vetting.request_check(
                actor=actor, volunteer=volunteer, role=role, level=role.check_level
            )
            vetting.decide_check(
                actor=actor,
                check=new,
                certificate_number="001234567891",
                issued_on=timezone.localdate(),
                update_service=True,
                decision=Decision.CLEAR,
                expected_version=1,
            )
        vetting.give_role(actor=actor, volunteer=volunteer, role=role)
    volunteer.refresh_from_db()
    return volunteer


def circle_volunteers(coord: User, count: int) -> list[Volunteer]:
    names = ["Ash", "Bea", "Cal", "Dee", "Eli"]
    return [vetted(coord, circle_role(), first_name=name) for name in names[:count]]


def a_circle(
    world: World,
    coord: User,
    *,
    person: Person | None = None,
    volunteers: Sequence[Volunteer] = (),
    purpose: str = "To have people around me while I settle in my flat",
    **fields: Any,
) -> Circle:
    actor = as_coordinator(coord)
    circle = circles.form(
        actor=actor,
        office=world.hull,
        person=person or world.person,
        chosen_on=timezone.localdate() - timedelta(days=20),
        purpose=purpose,
        mode=fields.pop("mode", Mode.SUPPORT),
        coordinator=coord,
        **fields,
    )
    for volunteer in volunteers:
        circles.add_volunteer(actor=actor, circle=circle, volunteer=volunteer)
    return circle


def a_session(
    world: World,
    coord: User,
    role: Role,
    *,
    starts_in: timedelta = timedelta(days=2),
    needs: int = 2,
    intervention: Intervention | None = None,
    **fields: Any,
) -> Session:
    [session] = sessions.add_sessions(
        actor=as_coordinator(coord),
        name=fields.pop("name", "Recovery group"),
        office=fields.pop("office", world.hull),
        place=fields.pop("place", "Room 2, Hull office"),
        starts_at=timezone.now() + starts_in,
        minutes=fields.pop("minutes", 120),
        needs={role: needs},
        intervention=intervention,
        **fields,
    )
    return session


def started(session: Session, ago: timedelta = timedelta(minutes=10)) -> Session:
    """The session moved to have started ``ago`` (the services refuse to make one past)."""
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - ago)
    session.refresh_from_db()
    return session
