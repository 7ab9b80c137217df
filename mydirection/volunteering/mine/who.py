"""Who is using a volunteer's own page: a volunteer signed in with their account, or a person
on probation who volunteers, in their app. ``Who`` carries the volunteer, the actor to pass to
the services, the layout, and names the pages of the site they are on (the staff pages under
/volunteering/mine/, or the app's under /my/volunteering/)."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse

from mydirection.access import guard
from mydirection.access.actor import Actor, PersonActor
from mydirection.http import StaffRequest
from mydirection.people.models import Person
from mydirection.volunteering.models import Stage, Volunteer


@dataclass(frozen=True)
class Who:
    volunteer: Volunteer
    actor: Actor
    # In the person's app (/my/volunteering/): the app's pages and layout.
    in_app: bool = False

    @property
    def layout(self) -> str:
        return "portal/base.html" if self.in_app else "layouts/base.html"

    def url(self, name: str, *args: Any) -> str:
        """A volunteer's page by its short name ("home", "session", "circle"), on this site."""
        if self.in_app:
            full = "portal:volunteering" if name == "home" else f"portal:volunteering-{name}"
        else:
            full = "volunteering:mine" if name == "home" else f"volunteering:mine-{name}"
        return reverse(full, args=args)


def staff_who(request: StaffRequest) -> Who:
    """The signed-in volunteer (404 for anyone who is not one)."""
    volunteer = guard.volunteer_for(request)
    return Who(volunteer, guard.volunteer_actor(request.user))


def app_volunteer(person: Person) -> Volunteer | None:
    """The person's own volunteer record, unless they have left."""
    return Volunteer.objects.filter(person=person).exclude(stage=Stage.LEFT).first()


def app_who(person: Person) -> Who:
    """The person in their app, as a volunteer (404 if they are not one)."""
    volunteer = app_volunteer(person)
    if volunteer is None:
        raise Http404
    return Who(volunteer, PersonActor(person), in_app=True)
