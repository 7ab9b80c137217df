"""The coordinator's pages: the bank's home, its members (adding one, their conditions,
leaving), a person joining from an accepted referral, recording an exchange for members
without phones, and the report.

Each reaches the coordinator's own bank (``guard.time_bank_for``: 404 for anyone else) and
its members only; another bank's ids find nothing. The coordinator sees a member's
conditions as conditions, never the reasons: nothing here reads a referral's reason, its
note or the person's record. Pages that show people on probation among the members are
logged with the relation ``partner``.
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access import guard
from mydirection.access.guard import members_consulted, requires
from mydirection.access.policy import Capability, time_bank_accounts
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.interventions.models import Condition, Shared, Status
from mydirection.timebank import pages, rules, selectors
from mydirection.timebank.forms import (
    AddMemberForm,
    ConditionsForm,
    JoinReferralForm,
    RecordExchangeForm,
)
from mydirection.timebank.models import Member, TimeBank
from mydirection.timebank.services import exchanges, joining, members, taking_part
from mydirection.timebank.who import Who, staff_who
from mydirection.versioning import StaleEdit, with_current_version

COORDINATE = Capability.COORDINATE_TIME_BANK


def _data(request: StaffRequest) -> object:
    return request.POST if request.method == "POST" else None


def _member(bank: TimeBank, member_id: UUID) -> Member:
    member = selectors.member_in(bank, member_id)
    if member is None:
        raise Http404
    return member


@require_safe
@requires(COORDINATE)
def home(request: StaffRequest) -> HttpResponse:
    bank = guard.time_bank_for(request)
    actor = guard.time_bank_actor(request.user)
    everyone = list(selectors.members(bank, active_only=True))
    flagged = [m for m in everyone if rules.flagged(m.balance, bank.soft_floor)]  # type: ignore[attr-defined]
    to_record = list(selectors.waiting_to_record(bank))
    to_agree = list(selectors.waiting_to_agree(bank))
    referrals = selectors.referrals_waiting(bank, guard.referrals_in_reach(request.user))
    guard.referrals_consulted(request.user, "Referrals to the Time Bank", referrals)
    shown = [*flagged, *(m for e in [*to_record, *to_agree] for m in selectors.people_in(e))]
    members_consulted(request, actor, "Time Bank home", shown)
    context = {
        "bank": bank,
        "member_count": len(everyone),
        "flagged": flagged,
        "to_record": to_record,
        "to_agree": to_agree,
        "to_answer": [r for r in referrals if r.status == Status.SENT],
        "to_join": [r for r in referrals if r.status != Status.SENT],
    }
    return render(request, "timebank/home.html", context)


@require_safe
@requires(COORDINATE)
def member_list(request: StaffRequest) -> HttpResponse:
    bank = guard.time_bank_for(request)
    found = list(selectors.members(bank))
    members_consulted(request, guard.time_bank_actor(request.user), "Time Bank members", found)
    context = {
        "bank": bank,
        "current": [m for m in found if m.is_active],
        "left": [m for m in found if not m.is_active],
    }
    return render(request, "timebank/members.html", context)


@require_safe
@requires(COORDINATE)
def member(request: StaffRequest, member_id: UUID) -> HttpResponse:
    bank = guard.time_bank_for(request)
    shown = _member(bank, member_id)
    views = [selectors.view_of(e, shown) for e in selectors.exchanges_of(shown)]
    people = [shown, *(m for v in views for m in v.others)]
    members_consulted(request, guard.time_bank_actor(request.user), "Time Bank member", people)
    context = {
        "bank": bank,
        "member": shown,
        "flagged": rules.flagged(shown.balance, bank.soft_floor),  # type: ignore[attr-defined]
        "statement": list(reversed(selectors.statement(shown))),
        "listings": list(selectors.listings_of(shown)),
        "exchanges": views,
    }
    return render(request, "timebank/member.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def add_member(request: StaffRequest) -> HttpResponse:
    bank = guard.time_bank_for(request)
    actor = guard.time_bank_actor(request.user)
    accounts = selectors.accounts_to_link(bank, time_bank_accounts())
    form = AddMemberForm(_data(request), accounts=accounts)
    if request.method == "POST" and form.is_valid():
        try:
            added, password = joining.add_member(actor=actor, bank=bank, **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            if password:
                # Shown once, to hand over in person (as the administrator's new accounts).
                context = {"member": added, "password": password}
                return render(request, "timebank/member_added.html", context)
            messages.success(request, f"{added.name} has joined as member {added.number}")
            return redirect("timebank:member", added.pk)
    return render(request, "timebank/add_member.html", {"bank": bank, "form": form})


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def conditions(request: StaffRequest, member_id: UUID) -> HttpResponse:
    bank = guard.time_bank_for(request)
    actor = guard.time_bank_actor(request.user)
    shown = _member(bank, member_id)
    others = selectors.members(bank, active_only=True).exclude(pk=shown.pk)
    initial = {
        "version": shown.version,
        "conditions": list(shown.conditions),
        "no_contact_with": [str(m.pk) for m in shown.no_contact_with.all()],
    }
    form = ConditionsForm(_data(request), others=others, initial=initial)
    members_consulted(request, actor, "Time Bank member's conditions", [shown])
    stale = False
    if request.method == "POST" and form.is_valid():
        chosen = [Condition(v) for v in form.cleaned_data["conditions"]]
        try:
            members.set_conditions(
                actor=actor,
                member_id=shown.pk,
                expected_version=form.cleaned_data["version"] or 0,
                conditions=chosen,
                no_contact_with=form.chosen_others,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            shown = _member(bank, member_id)
            form = ConditionsForm(with_current_version(request, shown.version), others=others)
            form.is_valid()
            stale = True
        else:
            messages.success(request, f"Conditions saved for {shown.name}")
            return redirect("timebank:member", shown.pk)
    context = {"bank": bank, "member": shown, "form": form, "stale": stale}
    return render(request, "timebank/conditions.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def leave(request: StaffRequest, member_id: UUID) -> HttpResponse:
    bank = guard.time_bank_for(request)
    actor = guard.time_bank_actor(request.user)
    shown = _member(bank, member_id)
    members_consulted(request, actor, "Time Bank member", [shown])
    if request.method == "POST" and shown.is_active:
        members.leave(actor=actor, member_id=shown.pk)
        messages.success(request, f"{shown.name} has left the Time Bank. Their history stays")
        return redirect("timebank:member", shown.pk)
    return render(request, "timebank/leave.html", {"bank": bank, "member": shown})


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def join_referral(request: StaffRequest, referral_id: UUID) -> HttpResponse:
    bank = guard.time_bank_for(request)
    referral, actor = guard.referral_for(request, referral_id, what="Join the Time Bank")
    refused = ""
    try:
        joining.check_referral(bank, referral)
    except ValidationError as error:
        refused = " ".join(error.messages)
    person = referral.person
    shares_contact = referral.shares(Shared.CONTACT)
    others = selectors.members(bank, active_only=True)
    initial = {
        "first_name": person.preferred_name or person.first_name,
        "last_initial": person.last_name[:1],
        "phone": person.phone if shares_contact else "",
        "email": person.email if shares_contact else "",
    }
    form = JoinReferralForm(_data(request), others=others, initial=initial)
    if request.method == "POST" and not refused and form.is_valid():
        data = form.cleaned_data
        try:
            joined = joining.join_referral(
                actor=actor,
                bank=bank,
                referral=referral,
                first_name=data["first_name"],
                last_initial=data["last_initial"],
                no_contact_with=form.chosen_others,
                phone=data["phone"].strip(),
                email=data["email"].strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{joined.name} has joined as member {joined.number}")
            return redirect("timebank:member", joined.pk)
    context = {
        "bank": bank,
        "referral": referral,
        "form": form,
        "refused": refused,
        "conditions": referral.conditions,
    }
    return render(request, "timebank/join_referral.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def record_exchange(request: StaffRequest) -> HttpResponse:
    bank = guard.time_bank_for(request)
    actor = guard.time_bank_actor(request.user)
    everyone = list(selectors.members(bank, active_only=True))
    form = RecordExchangeForm(_data(request), members=everyone, initial={"hours": 1})
    if request.method == "POST" and form.is_valid():
        values = form.exchange_values()
        try:
            recorded = taking_part.record_new(actor=actor, bank=bank, **values)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Exchange recorded. The time credits have moved")
            return redirect("timebank:exchange", recorded.pk)
    return render(request, "timebank/record_exchange.html", {"bank": bank, "form": form})


@require_POST
@requires(COORDINATE)
def record(request: StaffRequest, exchange_id: UUID) -> HttpResponse:
    """Record that an agreed exchange happened, for members without phones."""
    who: Who = staff_who(request)

    def do(exchange: object) -> str:
        exchanges.record(actor=who.actor, exchange_id=exchange_id)
        return "Recorded for everyone. The time credits have moved"

    return pages.act(request, who, exchange_id, do)


@require_safe
@requires(COORDINATE)
def report(request: StaffRequest) -> HttpResponse:
    bank = guard.time_bank_for(request)
    found = selectors.report(bank)
    members_consulted(
        request, guard.time_bank_actor(request.user), "Time Bank report", found.without_offers
    )
    return render(request, "timebank/report.html", {"bank": bank, "report": found})
