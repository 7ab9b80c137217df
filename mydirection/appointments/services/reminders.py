"""Queueing and cancelling an appointment's reminder, inside the change that needs it.

``appointments/reminders.py`` says when a reminder goes and what it says; this module puts it
in the notifications outbox under the appointment's reference, so that moving or cancelling
the appointment can cancel it again. Callers are the arranging services, in their transaction.
"""

from django.utils import timezone

from mydirection.appointments.models import Appointment, Place
from mydirection.appointments.reminders import reminder_for
from mydirection.notifications.models import Purpose
from mydirection.notifications.services import cancel_messages, queue_message
from mydirection.people.models import Person


def reference(appointment: Appointment) -> str:
    return f"appointment:{appointment.pk}"


def place_name(appointment: Appointment) -> str:
    """Where the reminder says the appointment is: a name the person knows, never notes."""
    if appointment.place == Place.LISTED and appointment.location_id:
        return appointment.location.name if appointment.location else ""
    if appointment.place == Place.HOME:
        return "your home"
    if appointment.place == Place.OTHER:
        return appointment.address.splitlines()[0] if appointment.address else ""
    return ""  # a phone or video call has no place


def _office_phone(appointment: Appointment) -> str:
    """The phone number of the person's office (their team's), or "" when none is recorded."""
    phone = (
        Person.objects.filter(pk=appointment.person_id)
        .values_list("team__office__phone", flat=True)
        .first()
    )
    return phone or ""


def schedule(appointment: Appointment) -> None:
    """Queue the reminder of a future appointment (none when it is too close or past)."""
    reminder = reminder_for(
        starts_at=appointment.starts_at,
        sensitive=appointment.sensitive,
        place_name="" if appointment.sensitive else place_name(appointment),
        now=timezone.now(),
        office_phone=_office_phone(appointment),
    )
    if reminder is None:
        return
    person = appointment.person
    queue_message(
        person,
        Purpose.APPOINTMENT_REMINDER,
        "appointment_reminder",
        {
            "first_name": person.known_as,
            "date": reminder.date,
            "time": reminder.time,
            "place": reminder.place,
            "contact": reminder.contact,
        },
        send_after=reminder.due_at,
        reference=reference(appointment),
        # Never after the appointment has started, whatever delays the sending.
        expires_at=appointment.starts_at,
    )


def cancel(appointment: Appointment) -> None:
    """Cancel the appointment's reminder if it has not gone yet."""
    cancel_messages(reference(appointment))
