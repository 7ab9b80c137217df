"""A volunteer's groups: the interventions they help to run, and the first names of the people
accepted on or taking part in each (``access.policy.volunteer_referrals``). Nothing else about
anyone: no surname, no contact details, no record."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.http import StaffRequest
from mydirection.interventions import selectors
from mydirection.interventions.models import Availability, Intervention


@dataclass(frozen=True)
class MyGroup:
    intervention: Intervention
    paused: bool
    first_names: list[str]


@require_safe
@requires(Capability.HELP_RUN_GROUPS)
def groups(request: StaffRequest) -> HttpResponse:
    referrals = guard.referrals_in_reach(request.user)
    names = {group.intervention.pk: group.first_names for group in selectors.groups_of(referrals)}
    guard.referrals_consulted(request.user, "My groups", referrals.only("person_id"))
    rows = [
        MyGroup(
            intervention,
            selectors.availability_today(intervention) == Availability.PAUSED,
            names.get(intervention.pk, []),
        )
        for intervention in selectors.helped_by(request.user)
    ]
    return render(request, "interventions/groups.html", {"groups": rows})
