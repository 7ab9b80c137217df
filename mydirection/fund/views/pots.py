"""The programme manager's pages for the Enabling Fund's pots: every pot with its balances,
opening one, a pot's page (balances, rules, providers, what waits, receipts overdue, the
ledger), adding money or cutting it, changing its rules, its providers, and closing it.

Pots are nobody's record, so the pages act as ``StaffActor.about_no_person``. Where a page
shows people (a request waiting for the programme manager, a receipt overdue, a request to
decide before closing), each person is logged once, with the relation ``fund``: the request,
never the record (``access.policy.fund_requests``). A person whose record is restricted to
the programme manager shows as "Restricted record", with the amounts and dates only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access import guard
from mydirection.access.actor import StaffActor
from mydirection.access.guard import requires
from mydirection.access.policy import (
    Capability,
    limited_access_message,
    with_limited_access,
)
from mydirection.forms import add_errors
from mydirection.fund import selectors
from mydirection.fund.forms.pots import (
    DECLINE,
    CloseForm,
    Direction,
    FundForm,
    MoneyForm,
    ProviderForm,
    RulesForm,
    decision_field,
)
from mydirection.fund.models import (
    FUND_CLOSED_REASON,
    Account,
    Category,
    CategoryRule,
    Entry,
    Fund,
    Level,
    Movement,
    MovementKind,
    Provider,
    Request,
    Status,
)
from mydirection.fund.rules import pounds
from mydirection.fund.services import pots as services
from mydirection.http import StaffRequest
from mydirection.people.models import Person
from mydirection.staff.models import Office, User
from mydirection.templatetags.govuk import govuk_date
from mydirection.versioning import StaleEdit, with_current_version
from mydirection.wording import counted

MANAGE = Capability.MANAGE_FUNDS
MOVEMENTS_PER_PAGE = 20
RESTRICTED = "Restricted record"


def _manager(request: StaffRequest) -> StaffActor:
    return StaffActor.about_no_person(request.user)


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _fund(fund_id: UUID) -> Fund:
    return get_object_or_404(Fund.objects.select_related("office", "closed_by"), pk=fund_id)


def _pot_url(fund: Fund) -> str:
    return reverse("fund:pot", args=[fund.pk])


def _closed(request: StaffRequest, fund: Fund) -> HttpResponse | None:
    """A closed pot changes no more: back to its page, saying so."""
    if not fund.is_closed:
        return None
    messages.info(request, f"{fund.name} is closed: it can no longer change")
    return redirect("fund:pot", fund.pk)


# --- People on the pages ---------------------------------------------------------------


def short_name(person: Person) -> str:
    """First name and the surname's initial: enough to chase or decide, no more."""
    initial = f" {person.last_name[:1]}." if person.last_name else ""
    return f"{person.first_name}{initial}"


@dataclass(frozen=True)
class Shown:
    """A request as a pot's page shows it: the person's short name, or that their record is
    restricted (then what it is for is not shown either)."""

    request: Request
    name: str
    restricted: bool

    @property
    def what_for(self) -> str:
        return "" if self.restricted else self.request.what_for


def _shown(user: User, requests: Iterable[Request]) -> list[Shown]:
    """The requests with their people's names, except people restricted to ``user``."""
    listed = list(requests)
    person_ids = {each.person_id for each in listed}
    barred: set[Any] = set()
    if person_ids:
        people = with_limited_access(Person.objects.filter(pk__in=person_ids), user)
        barred = {person.pk for person in people.only("pk") if limited_access_message(person)}
    return [
        Shown(
            request=each,
            name=RESTRICTED if each.person_id in barred else short_name(each.person),
            restricted=each.person_id in barred,
        )
        for each in listed
    ]


def _consulted(user: User, what: str, shown: Iterable[Shown]) -> None:
    """One access-log entry per person the page shows (a person may have several requests
    on it), with the relation ``fund``."""
    one_each = {each.request.person_id: each.request for each in shown}
    guard.fund_requests_consulted(user, what, list(one_each.values()))


# --- Every pot -------------------------------------------------------------------------


@dataclass(frozen=True)
class PotRow:
    fund: Fund
    balances: selectors.Balances
    # What went back to the source when the pot closed (the ledger's ``put_in`` is net of it).
    returned: int
    waiting: int
    overdue: int

    @property
    def put_in(self) -> int:
        """Everything put in, less cuts: what closing returned still counts as put in."""
        return self.balances.put_in + self.returned


def _returned_when_closed() -> Subquery:
    """What closing returned to the source, for the outer pot (a subquery)."""
    returned = (
        Entry.objects.filter(
            fund=OuterRef("pk"), account=Account.SOURCE, movement__kind=MovementKind.CLOSED
        )
        .values("fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(returned, output_field=IntegerField())


def _pot_rows() -> list[PotRow]:
    """Every pot, newest first, with its balances, waiting requests and overdue receipts:
    two queries however many pots."""
    today = timezone.localdate()
    funds: list[Fund] = list(
        Fund.objects.select_related("office").annotate(
            returned=_returned_when_closed(),
            waiting_count=Count("requests", filter=Q(requests__status=Status.WAITING)),
            overdue_count=Count(
                "requests",
                filter=Q(requests__status=Status.PAID, requests__receipt_due_on__lt=today),
            ),
        )
    )
    found = selectors.balances_of(funds)
    return [
        PotRow(
            fund=fund,
            balances=found[fund.pk],
            returned=fund.returned or 0,  # type: ignore[attr-defined]
            waiting=fund.waiting_count,  # type: ignore[attr-defined]
            overdue=fund.overdue_count,  # type: ignore[attr-defined]
        )
        for fund in funds
    ]


@require_safe
@requires(MANAGE)
def pots(request: StaffRequest) -> HttpResponse:
    return render(request, "fund/pots.html", {"rows": _pot_rows()})


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def add(request: StaffRequest) -> HttpResponse:
    form = FundForm(_data(request), offices=list(Office.objects.order_by("name")))
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.open_fund(actor=_manager(request), **form.values)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{fund.name} is open, with {pounds(form.values['amount'])}")
            return redirect("fund:pot", fund.pk)
    return _form_page(
        request,
        form,
        heading="Open a new fund",
        button="Open the fund",
        back=reverse("fund:pots"),
        intro="A fund is a pot of money for an office, or for the whole programme, for a "
        "period. Only one fund can be open for an office at a time.",
    )


def _form_page(
    request: StaffRequest,
    form: Any,
    *,
    heading: str,
    button: str,
    back: str,
    caption: str = "",
    intro: str = "",
    stale: bool = False,
    template: str = "fund/pot_form.html",
    **extra: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "heading": heading,
        "button": button,
        "back_url": back,
        "caption": caption,
        "intro": intro,
        "stale": stale,
    }
    return render(request, template, context | extra)


# --- One pot ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleGroup:
    rule: CategoryRule
    categories: list[str]


def rule_groups(fund: Fund) -> list[RuleGroup]:
    """The categories under each rule, in words ("Allowed: Food, Clothing...")."""
    groups = []
    for rule in CategoryRule:
        names = [category.label for category in Category if fund.rule_for(category) is rule]
        if names:
            groups.append(RuleGroup(rule, names))
    return groups


def _movements(fund: Fund) -> QuerySet[Movement]:
    """The pot's ledger, newest first: each movement with what it moved (its positive legs)
    and, for a payment, what was spent."""
    movements: QuerySet[Movement] = (
        Movement.objects.filter(fund=fund)
        .select_related("by_user")
        .annotate(
            moved=Sum("entries__amount", filter=Q(entries__amount__gt=0)),
            spent=Sum("entries__amount", filter=Q(entries__account=Account.SPENT)),
        )
        .order_by("-at", "-pk")
    )
    return movements


@require_safe
@requires(MANAGE)
def pot(request: StaffRequest, fund_id: UUID) -> HttpResponse:
    fund = _fund(fund_id)
    mine = _shown(
        request.user,
        selectors.waiting_for(request.user).filter(fund=fund).order_by("asked_at"),
    )
    waiting = fund.requests.filter(status=Status.WAITING).count()
    overdue = _shown(request.user, selectors.receipts_missing(fund))
    _consulted(request.user, "Enabling Fund: the fund's page", [*mine, *overdue])
    page = Paginator(_movements(fund), MOVEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    returned = 0
    if fund.is_closed:
        closed = Fund.objects.filter(pk=fund.pk).annotate(returned=_returned_when_closed())
        returned = closed.values_list("returned", flat=True).get() or 0
    position = selectors.balances(fund)
    context = {
        "fund": fund,
        "balances": position,
        "put_in": position.put_in + returned,
        "returned": returned,
        "groups": rule_groups(fund),
        "providers": list(fund.providers.all()),
        "mine": mine,
        "others_waiting": waiting - len(mine),
        "overdue": overdue,
        "page": page,
        "paid": MovementKind.PAID,
    }
    return render(request, "fund/pot.html", context)


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def money(request: StaffRequest, fund_id: UUID) -> HttpResponse:
    fund = _fund(fund_id)
    if (done := _closed(request, fund)) is not None:
        return done
    form = MoneyForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = services.add_money if data["direction"] == Direction.ADD else services.cut
        try:
            change(
                actor=_manager(request),
                fund_id=fund.pk,
                amount=data["amount"],
                note=data["note"].strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            done_text = "added to" if data["direction"] == Direction.ADD else "cut from"
            messages.success(request, f"{pounds(data['amount'])} {done_text} {fund.name}")
            return redirect("fund:pot", fund.pk)
    position = selectors.balances(fund)
    return _form_page(
        request,
        form,
        heading="Add money or cut the fund",
        caption=fund.name,
        button="Save",
        back=_pot_url(fund),
        intro=f"The fund has {pounds(position.available)} not yet committed to requests. "
        "A cut can take that at most: approved requests keep their money.",
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def rules(request: StaffRequest, fund_id: UUID) -> HttpResponse:
    fund = _fund(fund_id)
    if (done := _closed(request, fund)) is not None:
        return done
    name = fund.name
    form = RulesForm(_data(request), fund=fund)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.change_rules(
                actor=_manager(request),
                fund_id=fund.pk,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            stored = _fund(fund_id)
            if (done := _closed(request, stored)) is not None:
                return done
            form = RulesForm(with_current_version(request, stored.version), fund=stored)
            form.is_valid()
            stale = True
        else:
            messages.success(request, "The fund's rules are saved. New requests follow them")
            return redirect("fund:pot", fund.pk)
    return _form_page(
        request,
        form,
        heading="Change the rules",
        caption=name,
        button="Save the rules",
        back=_pot_url(fund),
        intro="Requests already waiting keep the level they were asked at; new requests "
        "follow the new rules.",
        stale=stale,
        template="fund/pot_rules.html",
    )


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def add_provider(request: StaffRequest, fund_id: UUID) -> HttpResponse:
    fund = _fund(fund_id)
    if (done := _closed(request, fund)) is not None:
        return done
    form = ProviderForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.add_provider(
                actor=_manager(request),
                fund_id=fund.pk,
                name=form.cleaned_data["name"],
                sells=form.cleaned_data["sells"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{provider.name} is on the fund's list")
            return redirect(_pot_url(fund) + "#providers")
    return _form_page(
        request,
        form,
        heading="Add a provider",
        caption=fund.name,
        button="Add the provider",
        back=_pot_url(fund) + "#providers",
        intro="A shop or service the fund pays or reimburses. People choose one from the "
        "fund's list when they ask for money.",
    )


@require_POST
@requires(MANAGE)
def provider(request: StaffRequest, fund_id: UUID, provider_id: UUID) -> HttpResponse:
    fund = _fund(fund_id)
    chosen = get_object_or_404(Provider, pk=provider_id, fund=fund)
    if (done := _closed(request, fund)) is not None:
        return done
    active = request.POST.get("active")
    if active in ("0", "1") and (active == "1") != chosen.active:
        services.set_provider_active(
            actor=_manager(request), provider_id=chosen.pk, active=active == "1"
        )
        messages.success(
            request,
            f"{chosen.name} is back on the fund's list"
            if active == "1"
            else f"{chosen.name} is off the fund's list: new requests cannot choose it",
        )
    return redirect(_pot_url(fund) + "#providers")


# --- Closing ---------------------------------------------------------------------------


def _waiting(fund: Fund) -> list[Request]:
    return list(
        fund.requests.filter(status=Status.WAITING)
        .select_related("person")
        .order_by("asked_at", "pk")
    )


def _close_form(data: Any, user: User, fund: Fund) -> tuple[CloseForm, list[Shown]]:
    shown = _shown(user, _waiting(fund))
    form = CloseForm(
        data,
        waiting=[each.request for each in shown],
        labels={each.request.pk: f"{each.name}: {pounds(each.request.amount)}" for each in shown},
        hints={each.request.pk: _close_hint(each) for each in shown},
        initial={"version": fund.version},
    )
    return form, shown


def _close_hint(shown: Shown) -> str:
    """What the request is for, when it was asked and who may approve it (the hint is
    rendered as HTML: the person's words are escaped here)."""
    request = shown.request
    level = Level(request.level)
    who = "the" if level is Level.PROGRAMME_MANAGER else "a"
    asked = f"Asked on {govuk_date(request.asked_at)}. Waiting for {who} {level.label.lower()}."
    if shown.restricted:
        return format_html("{}", asked)
    return format_html("{}<br>{}", request.what_for, asked)


def _again(request: StaffRequest, fund: Fund, version: int | None = None) -> QueryDict:
    """What was posted, for the page again: the requests it lists now (one that arrived
    meanwhile is declined unless you choose otherwise), and the version now stored."""
    data = with_current_version(request, version) if version is not None else request.POST.copy()
    data.setlist("seen", [])
    for each in _waiting(fund):
        data.appendlist("seen", str(each.pk))
        data.setdefault(decision_field(each), DECLINE)
    return data


@require_http_methods(["GET", "POST"])
@requires(MANAGE)
def close(request: StaffRequest, fund_id: UUID) -> HttpResponse:
    fund = _fund(fund_id)
    if (done := _closed(request, fund)) is not None:
        return done
    form, shown = _close_form(_data(request), request.user, fund)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.close(
                actor=_manager(request),
                fund_id=fund.pk,
                expected_version=form.cleaned_data["version"],
                closing=services.Closing(approve=form.approve, seen=form.cleaned_data["seen"]),
            )
        except ValidationError as error:
            form, shown = _close_form(_again(request, fund), request.user, fund)
            form.is_valid()
            add_errors(form, error)
        except StaleEdit:
            fund = _fund(fund_id)
            if (done := _closed(request, fund)) is not None:
                return done
            form, shown = _close_form(_again(request, fund, fund.version), request.user, fund)
            form.is_valid()
            stale = True
        else:
            approved = len(form.approve)
            declined = len(shown) - approved
            messages.success(request, f"{fund.name} is closed. {_decided(approved, declined)}")
            return redirect("fund:pot", fund.pk)
    approved_unpaid = _shown(
        request.user,
        fund.requests.filter(status=Status.APPROVED).select_related("person").order_by("asked_at"),
    )
    _consulted(request.user, "Enabling Fund: closing the fund", [*shown, *approved_unpaid])
    return _form_page(
        request,
        form,
        heading="Close the fund",
        caption=fund.name,
        button="Close the fund",
        back=_pot_url(fund),
        stale=stale,
        template="fund/pot_close.html",
        fund=fund,
        shown=dict(zip([each.request.pk for each in shown], shown, strict=True)),
        approved_unpaid=approved_unpaid,
        balances=selectors.balances(fund),
        fund_closed_reason=FUND_CLOSED_REASON,
    )


def _decided(approved: int, declined: int) -> str:
    if not approved and not declined:
        return "No request was waiting."
    parts = []
    if approved:
        parts.append(f"{counted(approved, 'request')} approved")
    if declined:
        parts.append(f"{declined} declined because the fund closed")
    return " and ".join(parts).capitalize() + "."
