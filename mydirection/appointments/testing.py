"""Factories for appointments, and the subjects the authorisation matrix needs."""

from datetime import datetime, timedelta
from typing import Any

import factory
from django.utils import timezone

from mydirection.appointments.models import (
    Appointment,
    AppointmentType,
    Location,
    LocationKind,
    Outcome,
    OutcomeKind,
    Place,
)
from mydirection.appointments.services.outcomes import mark_outcomes
from mydirection.people.models import Requirement, RequirementType
from mydirection.testing import PersonFactory, UserFactory, World


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location

    office = factory.LazyAttribute(lambda o: PersonFactory.create().team.office)
    name = factory.Sequence(lambda n: f"Interview room {n}")
    kind = LocationKind.OFFICE_ROOM


class AppointmentFactory(factory.django.DjangoModelFactory[Appointment]):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    staff = factory.LazyAttribute(lambda a: a.person.case_manager or UserFactory.create())
    created_by = factory.LazyAttribute(lambda a: a.staff)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    duration_minutes = 45
    appointment_type = AppointmentType.SUPERVISION
    place = Place.HOME


class OutcomeFactory(factory.django.DjangoModelFactory[Outcome]):
    class Meta:
        model = Outcome

    appointment = factory.SubFactory(AppointmentFactory)
    outcome = OutcomeKind.ATTENDED_COMPLIED
    actual_minutes = 40
    recorded_by = factory.LazyAttribute(lambda o: o.appointment.staff)
    recorded_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Outcome], *args: Any, **kwargs: Any) -> Outcome:
        """As ``record_outcome`` does: the appointment knows it has an outcome."""
        outcome: Outcome = super()._create(model_class, *args, **kwargs)
        mark_outcomes(Appointment.objects.filter(pk=outcome.appointment_id))
        return outcome


def local(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """A time ``days`` from today, at ``hour`` local time."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(
        day, datetime.min.time(), tzinfo=timezone.get_current_timezone()
    ).replace(hour=hour, minute=minute)


def appointment_subjects(world: World) -> tuple[Appointment, Requirement, Location]:
    """A past appointment of ``world.person`` with an unacceptable absence, an unpaid work
    requirement on their order, and a location of the Hull office."""
    location = LocationFactory.create(office=world.hull, name="Interview room 1")
    appointment = AppointmentFactory.create(
        person=world.person,
        staff=world.cm,
        starts_at=local(-3),
        location=location,
        place=Place.LISTED,
    )
    OutcomeFactory.create(
        appointment=appointment, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE, actual_minutes=None
    )
    unpaid_work = Requirement.objects.create(
        order=world.person.orders.get(), requirement_type=RequirementType.UNPAID_WORK, amount=100
    )
    return appointment, unpaid_work, location
