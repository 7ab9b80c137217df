"""Where an appointment is, and how to get in touch, as the person's phone shows it.

The person needs the building and its address, not only "Interview room 3", a way to get
directions, and a number to call. A sensitive appointment follows the reminders' rule
(``reminders.text``): no place is shown, and the person calls to be told. The directions link
carries the address and nothing else: no name, no reason, no case detail.
"""

from dataclasses import dataclass
from urllib.parse import quote_plus

from mydirection.appointments.models import Appointment, Place

MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="


@dataclass(frozen=True)
class GettingThere:
    # The lines under "Where", in order: the room or place, the building, the address.
    lines: tuple[str, ...]
    # A map search for the address, or "" when there is nowhere to go (a call, a home visit,
    # a sensitive appointment).
    map_url: str = ""
    # The place is not shown: the person calls the office to be told.
    withheld: bool = False


def map_url(address: str) -> str:
    """A map search for ``address`` alone (one line, postcode included)."""
    one_line = ", ".join(line.strip() for line in address.splitlines() if line.strip())
    return MAP_SEARCH + quote_plus(one_line) if one_line else ""


def tel(phone: str) -> str:
    """A ``tel:`` link for a number as written ("01632 960 000" -> "tel:01632960000")."""
    digits = "".join(c for c in phone if c.isdigit() or c == "+")
    return f"tel:{digits}" if digits else ""


def _building(office_name: str) -> str:
    return office_name if office_name.lower().endswith("office") else f"{office_name} office"


def getting_there(appointment: Appointment) -> GettingThere:
    if appointment.sensitive:
        return GettingThere(("Call the office to check where",), withheld=True)
    if appointment.place == Place.LISTED and appointment.location is not None:
        location = appointment.location
        if location.address.strip():
            address = location.address.strip()
            return GettingThere((location.name, *address.splitlines()), map_url(address))
        office = location.office
        address = office.address.strip()
        lines = (location.name, _building(office.name), *address.splitlines())
        return GettingThere(lines, map_url(address))
    if appointment.place == Place.HOME:
        return GettingThere(("At your home",))
    if appointment.place == Place.OTHER:
        address = appointment.address.strip()
        return GettingThere(tuple(address.splitlines()), map_url(address))
    return GettingThere((appointment.get_format_display(),))
