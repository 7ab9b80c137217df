"""The office's list of places where appointments happen."""

from django.db import transaction

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.appointments.models import Location


@transaction.atomic
def save_location(*, actor: StaffActor, location: Location) -> Location:
    location.full_clean()
    location.save()
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Appointment location saved",
        details={"location": str(location.pk), "office": str(location.office_id)},
    )
    return location
