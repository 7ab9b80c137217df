"""Arranging, refusing, warning about clashes, rescheduling and cancelling."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from mydirection.access.actor import StaffActor
from mydirection.access.models import AccessLogEntry
from mydirection.access.policy import Relation
from mydirection.appointments.models import Appointment, Format, Place, Series, Status
from mydirection.appointments.services import arranging
from mydirection.appointments.testing import AppointmentFactory, LocationFactory, local
from mydirection.testing import PersonFactory, World, acting, allocate
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def details(**extra: object) -> arranging.Details:
    values: dict[str, object] = {"appointment_type": "supervision", "duration_minutes": 45}
    values["place"] = Place.HOME
    return arranging.Details(**(values | extra))  # type: ignore[arg-type]


def arrange(world: World, first: object, **kwargs: object) -> list[Appointment]:
    made, _ = arranging.arrange(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        staff=world.cm,
        first=first,  # type: ignore[arg-type]
        details=kwargs.pop("details", details()),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )
    return made


def test_a_repeating_three_way_series_is_one_row_each_linked(world: World) -> None:
    made = arrange(
        world,
        local(2),
        details=details(
            format=Format.THREE_WAY, keyworker_name="Jo Bell", keyworker_agency="Renew"
        ),
        frequency="fortnightly",
        count=4,
    )
    assert len(made) == 4
    series = Series.objects.get()
    assert set(Appointment.objects.values_list("series", flat=True)) == {series.pk}
    assert made[1].starts_at - made[0].starts_at == timedelta(weeks=2)
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None and entry.what == "Appointments arranged"
    assert entry.subject_id == world.person.pk


def test_a_series_running_past_the_order_saves_nothing(world: World) -> None:
    order = world.person.orders.get()
    weeks_left = (order.end_date - local(1).date()).days // 7
    with pytest.raises(ValidationError) as error:
        arrange(world, local(1), frequency="weekly", count=weeks_left + 3)
    assert "outside the order" in str(error.value.message_dict["repeat_count"])
    assert not Appointment.objects.exists()
    assert not Series.objects.exists()


@pytest.mark.parametrize(
    ("when", "field", "message"),
    [
        (-1, "date", "must be in the future"),
        (400, "date", "outside the order"),
    ],
)
def test_bad_dates_are_refused_next_to_the_field(
    world: World, when: int, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        arrange(world, local(when))
    assert message in str(error.value.message_dict[field])
    assert not Appointment.objects.exists()


def test_a_person_cannot_be_in_two_places(world: World) -> None:
    arrange(world, local(3, 10))
    with pytest.raises(ValidationError) as error:
        arrange(world, local(3, 10, 30))
    assert "already has an appointment" in str(error.value.message_dict["time"])
    assert Appointment.objects.count() == 1


def test_a_diary_clash_is_a_warning_until_confirmed(world: World) -> None:
    other = allocate(PersonFactory.create(team=world.team_a), world.cm)
    AppointmentFactory.create(person=other, staff=world.cm, starts_at=local(3, 10))
    made, plan = arranging.arrange(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        staff=world.cm,
        first=local(3, 10, 15),
        details=details(),
    )
    assert made == [] and [c.whose for c in plan.clashes] == ["staff"]
    assert Appointment.objects.filter(person=world.person).count() == 0
    made, _ = arranging.arrange(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        staff=world.cm,
        first=local(3, 10, 15),
        details=details(),
        confirm_clashes=True,
    )
    assert len(made) == 1


def test_the_same_day_for_the_person_is_a_warning(world: World) -> None:
    arrange(world, local(3, 9))
    made, plan = arranging.arrange(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        staff=world.colleague,
        first=local(3, 15),
        details=details(),
    )
    assert made == [] and [c.whose for c in plan.clashes] == ["person"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"place": Place.LISTED}, "location"),
        ({"place": Place.OTHER}, "address"),
        ({"format": Format.THREE_WAY}, "keyworker_name"),
    ],
)
def test_missing_details_are_refused(world: World, extra: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        arrange(world, local(2), details=details(**extra))
    assert field in error.value.message_dict


def test_a_location_of_another_office_is_refused(world: World) -> None:
    elsewhere = LocationFactory.create(office=world.beverley)
    with pytest.raises(ValidationError) as error:
        arrange(world, local(2), details=details(place=Place.LISTED, location=elsewhere))
    assert "location" in error.value.message_dict


def test_rescheduling_keeps_the_old_one_as_superseded(world: World) -> None:
    (first,) = arrange(world, local(2))
    new, _ = arranging.reschedule(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        appointment=first,
        new_start=local(4),
        rescheduled_by="person",
        reason="Job interview",
        expected_version=first.version,
    )
    assert new is not None
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert first.superseded_by_id == new.pk
    assert first.rescheduled_by == "person" and first.change_reason == "Job interview"
    assert new.status == Status.ARRANGED and new.starts_at == local(4)


def test_a_second_reschedule_from_the_same_version_is_refused(world: World) -> None:
    (first,) = arrange(world, local(2))
    version = first.version
    kwargs: dict[str, Any] = {
        "rescheduled_by": "staff",
        "reason": "Leave",
    }
    arranging.reschedule(
        actor=acting(world.cm, first.person),
        appointment=first,
        new_start=local(4),
        expected_version=version,
        **kwargs,
    )
    with pytest.raises(StaleEdit):
        arranging.reschedule(
            actor=acting(world.cm, first.person),
            appointment=first,
            new_start=local(5),
            expected_version=version,
            **kwargs,
        )
    assert Appointment.objects.count() == 2


def test_cancelling_needs_a_reason_and_keeps_the_row(world: World) -> None:
    (first,) = arrange(world, local(2))
    with pytest.raises(ValidationError):
        arranging.cancel(
            actor=acting(world.cm, first.person), appointment=first, reason=" ", expected_version=1
        )
    arranging.cancel(
        actor=acting(world.cm, first.person),
        appointment=first,
        reason="Order revoked",
        expected_version=1,
    )
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
