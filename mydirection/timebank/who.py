"""Who is using a Time Bank page: the bank's coordinator, a member with an account, or a
person on probation in their app. The member pages serve all three with the same services;
``Who`` says which bank, which member (None: the coordinator, acting for members without
phones) and the actor to pass on, and names the pages of the site they are on (the staff
pages under /time-bank/, or the app's under /my/time-bank/).
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from mydirection.access import guard
from mydirection.access.actor import Actor, PersonActor
from mydirection.access.policy import Capability, may
from mydirection.http import StaffRequest
from mydirection.people.models import Person
from mydirection.timebank.models import Member, TimeBank


@dataclass(frozen=True)
class Who:
    bank: TimeBank
    actor: Actor
    # None: the coordinator, who acts for members and records what happened.
    member: Member | None
    # In the person's app (/my/time-bank/): the app's pages and layout.
    in_app: bool = False

    @property
    def coordinator(self) -> bool:
        return self.member is None

    def url(self, name: str, *args: Any) -> str:
        """A Time Bank page by its short name ("listing", "exchange", "me"), on this site."""
        if self.in_app:
            full = "portal:time-bank" if name == "me" else f"portal:time-bank-{name}"
        else:
            full = f"timebank:{name}"
        return reverse(full, args=args)

    def is_me(self, member: Member | None) -> bool:
        return member is not None and self.member is not None and member.pk == self.member.pk


def staff_who(request: StaffRequest) -> Who:
    """A coordinator of their organisation's bank, or a member with an account; 404 for
    anyone else."""
    user = request.user
    actor = guard.time_bank_actor(user)
    if may(user, Capability.COORDINATE_TIME_BANK):
        return Who(guard.time_bank_for(request), actor, None)
    member = guard.membership_for(request)
    return Who(member.bank, actor, member)


def app_member(person: Person) -> Member | None:
    """The person's membership while it lasts (their app's Time Bank pages: 404 without)."""
    return (
        Member.objects.select_related("bank__organisation")
        .filter(person=person, left_on__isnull=True)
        .first()
    )


def app_who(person: Person, member: Member) -> Who:
    return Who(member.bank, PersonActor(person), member, in_app=True)
