"""Request types for typed views."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from mydirection.staff.models import User


class StaffRequest(HttpRequest):
    """A request that has passed sign-in and the second factor (the middleware sees to it)."""

    user: User
    htmx: HtmxDetails
