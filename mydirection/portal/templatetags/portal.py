"""Template filters for the person's app. ``{% load portal %}``.

``appointment|getting_there``  where it is and how to get there (``appointments.directions``)
``phone|tel``                  a ``tel:`` link for a number as written
"""

from django import template

from mydirection.appointments import directions
from mydirection.appointments.models import Appointment

register = template.Library()


@register.filter
def getting_there(appointment: Appointment) -> directions.GettingThere:
    return directions.getting_there(appointment)


@register.filter
def tel(phone: str) -> str:
    return directions.tel(phone or "")
