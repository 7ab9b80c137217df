"""Reading the Enabling Fund: balances derived from the ledger, a person's requests, the
requests waiting for someone's decision, receipts to chase."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from mydirection.access.policy import Capability, approval_level, fund_requests, may, visible_to
from mydirection.fund.models import Account, Entry, Fund, Level, Movement, Request, Status
from mydirection.fund.services import posting
from mydirection.people.models import Person
from mydirection.staff.models import User


@dataclass(frozen=True)
class Balances:
    """A pot's position, in pence, from its ledger: ``put_in`` = ``available`` +
    ``committed`` + ``spent`` (the ledger sums to zero)."""

    put_in: int
    available: int
    committed: int
    spent: int


def balances_of(funds: QuerySet[Fund] | list[Fund]) -> dict[Any, Balances]:
    """Every pot's balances in one query."""
    rows = (
        Entry.objects.filter(fund__in=funds)
        .values("fund_id")
        .annotate(
            **{account.value: Sum("amount", filter=Q(account=account)) for account in Account}
        )
    )
    found = {
        row["fund_id"]: Balances(
            put_in=-(row[Account.SOURCE.value] or 0),
            available=row[Account.AVAILABLE.value] or 0,
            committed=row[Account.COMMITTED.value] or 0,
            spent=row[Account.SPENT.value] or 0,
        )
        for row in rows
    }
    empty = Balances(0, 0, 0, 0)
    return {fund.pk: found.get(fund.pk, empty) for fund in funds}


def balances(fund: Fund) -> Balances:
    return balances_of([fund])[fund.pk]


def fund_for(person: Person, day: date | None = None) -> Fund | None:
    """The open pot a person's requests go to: their office's, else the programme's."""
    day = day or timezone.localdate()
    open_funds = Fund.objects.filter(closed_on__isnull=True, starts_on__lte=day, ends_on__gte=day)
    if person.team_id is not None:
        office_fund = open_funds.filter(office_id=person.team.office_id).first()
        if office_fund is not None:
            return office_fund
    return open_funds.filter(office__isnull=True).first()


def used_by(fund: Fund, person: Person) -> int:
    """What the pot has committed to or spent on the person, in pence (the figure the
    services check limits against)."""
    return posting.used_by(fund, person.pk)


def requests_of(person: Person) -> QuerySet[Request]:
    return (
        Request.objects.filter(person=person)
        .select_related("fund", "goal", "provider", "asked_by", "decided_by")
        .order_by("-asked_at")
    )


def movements_of(request: Request) -> QuerySet[Movement]:
    return request.movements.select_related("by_user").prefetch_related("entries")


def waiting_for(user: User) -> QuerySet[Request]:
    """Requests waiting for ``user``'s decision: at their approval level, of people they may
    open (case manager and senior) or in the fund's scope (the programme manager)."""
    level = approval_level(user)
    waiting = Request.objects.filter(status=Status.WAITING).select_related(
        "person", "fund", "provider", "goal"
    )
    if level is None:
        return waiting.none()
    if may(user, Capability.MANAGE_FUNDS):
        return waiting.filter(
            pk__in=fund_requests(user).values("pk"), level=Level.PROGRAMME_MANAGER
        ).order_by("asked_at")
    return waiting.filter(person__in=visible_to(user), level=level).order_by("asked_at")


def receipts_missing(fund: Fund, day: date | None = None) -> QuerySet[Request]:
    """Paid requests whose receipt is overdue (chased on the pot's page)."""
    day = day or timezone.localdate()
    return (
        Request.objects.filter(fund=fund, status=Status.PAID, receipt_due_on__lt=day)
        .select_related("person", "provider")
        .order_by("receipt_due_on")
    )
