"""The member pages, for whoever uses them: a member with an account, the coordinator acting
for members without phones, and a person on probation in their app (``who.Who``). The staff
views (``views/member.py``) and the app's (``portal/views/time_bank.py``) decide who is asking
and call these: the same reads, the same services, the same refusals, in each site's layout.

Every refusal of a service is shown as a plain message (by its field, or above the form) and
nothing moves. Each page that shows members logs a consultation of the people on probation
among them, with the relation that let the user in (``access.guard.members_consulted``).
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mydirection.access.guard import members_consulted
from mydirection.forms import add_errors
from mydirection.timebank import selectors
from mydirection.timebank.forms import (
    CancelForm,
    JoinAsForm,
    ListingForm,
    ProfileForm,
    ProposeForm,
    SearchForm,
    TimeForm,
)
from mydirection.timebank.models import Exchange, ExchangeStatus, Listing, ListingKind, Member
from mydirection.timebank.services import exchanges, listings, profiles, taking_part
from mydirection.timebank.who import Who
from mydirection.versioning import StaleEdit, with_current_version

# The most listings a search shows (the newest).
SEARCH_LIMIT = 60
CHANGED = "Someone changed this exchange since you opened it: check it and try again"


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _render(request: HttpRequest, who: Who, name: str, context: dict[str, Any]) -> HttpResponse:
    """A member page in the site's layout: the app's, or the staff pages'."""
    template = f"portal/time_bank/{name}.html" if who.in_app else f"timebank/member/{name}.html"
    return render(request, template, {"who": who, **context})


def _listing(who: Who, listing_id: UUID) -> Listing:
    listing = selectors.listing_for(who, listing_id)
    if listing is None:
        raise Http404
    return listing


def _exchange(who: Who, exchange_id: UUID) -> Exchange:
    exchange = selectors.exchange_for(who, exchange_id)
    if exchange is None:
        raise Http404
    return exchange


def _members(who: Who, *, besides: Member | None = None) -> list[Member] | None:
    """The members the coordinator acts for (None for a member, who acts for themself)."""
    if not who.coordinator:
        return None
    found = selectors.members(who.bank, active_only=True)
    if besides is not None:
        found = found.exclude(pk=besides.pk)
    return list(found)


def _acting(who: Who, form: ListingForm | TimeForm) -> Member:
    """The member a form is for: the member themself, or the one the coordinator chose."""
    member = who.member or getattr(form, "chosen_member", None)
    if member is None:
        raise ValidationError({"member": "Select the member"})
    return member


# --- Offers and requests ---------------------------------------------------------------------


def listings_page(request: HttpRequest, who: Who) -> HttpResponse:
    form = SearchForm(request.GET or None)
    search = selectors.Search(**form.cleaned_data) if form.is_valid() else selectors.Search()
    found = list(selectors.listings(who.bank, search)[:SEARCH_LIMIT])
    members_consulted(
        request, who.actor, "Time Bank offers and requests", (x.member for x in found)
    )
    context = {
        "form": form,
        "offers": [x for x in found if x.kind == ListingKind.OFFER],
        "requests": [x for x in found if x.kind == ListingKind.REQUEST],
        "searched": form.is_bound,
    }
    return _render(request, who, "listings", context)


def add_listing_page(
    request: HttpRequest, who: Who, initial: dict[str, Any] | None = None, **extra: Any
) -> HttpResponse:
    initial = dict(initial or {})
    if who.coordinator and request.GET.get("member"):
        initial["member"] = request.GET["member"]  # from a member's page
    form = ListingForm(_data(request), members=_members(who), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            listing = listings.add(actor=who.actor, member=_acting(who, form), **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            what = "offer" if listing.kind == ListingKind.OFFER else "request"
            messages.success(request, f"Your {what} is listed until {listing.expires_on:%-d %B %Y}")
            return redirect(who.url("listing", listing.pk))
    return _render(request, who, "add_listing", {"form": form, **extra})


def listing_page(request: HttpRequest, who: Who, listing_id: UUID, **extra: Any) -> HttpResponse:
    listing = _listing(who, listing_id)
    sessions = list(selectors.sessions_of(listing)) if listing.is_group else []
    people = [listing.member, *(m for s in sessions for m in selectors.people_in(s))]
    members_consulted(request, who.actor, "Time Bank offer or request", people)
    mine = who.is_me(listing.member)
    is_open = not listing.withdrawn and not selectors.is_expired(listing)
    context = {
        "listing": listing,
        "expired": selectors.is_expired(listing),
        "mine": mine,
        "manages": mine or who.coordinator,
        "sessions": [selectors.view_of(s, who.member) for s in sessions],
        "can_propose": is_open and not listing.is_group and not mine,
        "can_add_session": is_open and listing.is_group and (mine or who.coordinator),
        "errors": [],
    } | extra
    return _render(request, who, "listing", context)


def _time_page(
    request: HttpRequest,
    who: Who,
    listing_id: UUID,
    *,
    session: bool,
) -> HttpResponse:
    listing = _listing(who, listing_id)
    if session != listing.is_group:
        return redirect(who.url("listing", listing.pk))
    initial = {"place": listing.place, "hours": 1, "minutes": 0}
    form: TimeForm
    if session:
        form = TimeForm(_data(request), initial=initial)
    else:
        form = ProposeForm(
            _data(request), members=_members(who, besides=listing.member), initial=initial
        )
    members_consulted(request, who.actor, "Time Bank offer or request", [listing.member])
    if request.method == "POST" and form.is_valid():
        try:
            if session:
                exchange = taking_part.add_session(
                    actor=who.actor, listing=listing, by=who.member, **form.time_values()
                )
                message = "Session added. Members can join it now"
            else:
                exchange = taking_part.propose(
                    actor=who.actor,
                    listing=listing,
                    member=_acting(who, form),
                    **form.time_values(),
                )
                message = f"Exchange proposed. We asked {listing.member.name} to agree"
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(who.url("exchange", exchange.pk))
    name = "add_session" if session else "propose"
    return _render(request, who, name, {"listing": listing, "form": form})


def propose_page(request: HttpRequest, who: Who, listing_id: UUID) -> HttpResponse:
    return _time_page(request, who, listing_id, session=False)


def add_session_page(request: HttpRequest, who: Who, listing_id: UUID) -> HttpResponse:
    return _time_page(request, who, listing_id, session=True)


def renew_page(request: HttpRequest, who: Who, listing_id: UUID) -> HttpResponse:
    listing = _listing(who, listing_id)
    try:
        renewed = listings.renew(actor=who.actor, listing_id=listing.pk, by=who.member)
    except ValidationError as error:
        return listing_page(request, who, listing.pk, errors=error.messages)
    messages.success(request, f"Listed again until {renewed.expires_on:%-d %B %Y}")
    return redirect(who.url("listing", listing.pk))


def withdraw_page(request: HttpRequest, who: Who, listing_id: UUID) -> HttpResponse:
    listing = _listing(who, listing_id)
    try:
        listings.withdraw(actor=who.actor, listing_id=listing.pk, by=who.member)
    except ValidationError as error:
        return listing_page(request, who, listing.pk, errors=error.messages)
    messages.success(request, f"“{listing.title}” is taken down")
    if who.coordinator:
        return redirect("timebank:member", listing.member_id)
    return redirect(who.url("me"))


# --- Exchanges -------------------------------------------------------------------------------


def exchange_page(request: HttpRequest, who: Who, exchange_id: UUID, **extra: Any) -> HttpResponse:
    exchange = _exchange(who, exchange_id)
    view = selectors.view_of(exchange, who.member)
    people = selectors.people_in(exchange)
    members_consulted(request, who.actor, "Time Bank exchange", people)
    today = timezone.localdate()
    under_way = exchange.status in (ExchangeStatus.ACCEPTED, ExchangeStatus.DONE)
    in_it = {m.pk for m in people}
    joiners = _members(who)
    asked = view.taking_part and exchange.proposed_by_id != view.me
    context: dict[str, Any] = {
        "exchange": exchange,
        "view": view,
        "can_agree": exchange.status == ExchangeStatus.PROPOSED and (who.coordinator or asked),
        "can_join": exchange.is_group
        and under_way
        and exchange.happens_on >= today
        and (who.coordinator or not view.taking_part),
        "join_form": JoinAsForm(members=[m for m in joiners if m.pk not in in_it])
        if joiners is not None
        else None,
        "can_confirm": under_way
        and view.taking_part
        and not view.confirmed
        and exchange.happens_on <= today,
        "can_record": who.coordinator and under_way and exchange.happens_on <= today,
        "can_cancel": exchange.status not in (ExchangeStatus.CONFIRMED, ExchangeStatus.CANCELLED)
        and (who.coordinator or view.taking_part),
        "future": exchange.happens_on > today,
        "errors": [],
    } | extra
    return _render(request, who, "exchange", context)


def act(
    request: HttpRequest, who: Who, exchange_id: UUID, do: Callable[[Exchange], str]
) -> HttpResponse:
    """One action on an exchange: its message and back to the exchange, or the page again
    with the refusal above everything (nothing moved)."""
    exchange = _exchange(who, exchange_id)
    try:
        message = do(exchange)
    except ValidationError as error:
        return exchange_page(request, who, exchange.pk, errors=error.messages)
    except StaleEdit:
        return exchange_page(request, who, exchange.pk, errors=[CHANGED])
    messages.success(request, message)
    return redirect(who.url("exchange", exchange.pk))


def agree_page(request: HttpRequest, who: Who, exchange_id: UUID) -> HttpResponse:
    def do(exchange: Exchange) -> str:
        by = who.member
        if by is None:  # the coordinator, for the member asked (without a phone)
            by = next(
                (m for m in selectors.people_in(exchange) if m.pk != exchange.proposed_by_id),
                None,
            )
        if by is None:
            raise ValidationError("Only the other member in this exchange can agree to it")
        version = request.POST.get("version", "")
        exchanges.accept(
            actor=who.actor,
            exchange_id=exchange.pk,
            by=by,
            expected_version=int(version) if version.isdigit() else exchange.version,
        )
        return "Agreed. Confirm it here once it has happened"

    return act(request, who, exchange_id, do)


def join_page(request: HttpRequest, who: Who, exchange_id: UUID) -> HttpResponse:
    def do(exchange: Exchange) -> str:
        member = who.member
        if member is None:
            members = _members(who) or []
            form = JoinAsForm(request.POST, members=members)
            if not form.is_valid():
                raise ValidationError("Select the member who joins")
            member = form.chosen
            if member is None:
                raise ValidationError("Select the member who joins")
        taking_part.join(actor=who.actor, exchange=exchange, member=member)
        if who.member is None:
            return f"{member.name} has joined"
        return "You have joined. See you there"

    return act(request, who, exchange_id, do)


def confirm_page(request: HttpRequest, who: Who, exchange_id: UUID) -> HttpResponse:
    def do(exchange: Exchange) -> str:
        if who.member is None:
            raise ValidationError(
                "Members confirm their own exchanges: record it instead if they have no phone"
            )
        moved = exchanges.confirm(actor=who.actor, exchange_id=exchange.pk, by=who.member)
        if moved:
            return "Thank you. Everyone has confirmed it, so the time credits have moved"
        return "Thank you. The credits move when everyone has confirmed it"

    return act(request, who, exchange_id, do)


def cancel_page(request: HttpRequest, who: Who, exchange_id: UUID) -> HttpResponse:
    exchange = _exchange(who, exchange_id)
    form = CancelForm(_data(request))
    members_consulted(request, who.actor, "Time Bank exchange", selectors.people_in(exchange))
    if request.method == "POST" and form.is_valid():
        try:
            exchanges.cancel(
                actor=who.actor,
                exchange_id=exchange.pk,
                by=who.member,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The exchange is cancelled")
            return redirect(who.url("exchange", exchange.pk))
    return _render(request, who, "cancel", {"exchange": exchange, "form": form})


# --- My Time Bank ----------------------------------------------------------------------------


def _member_only(who: Who) -> Member:
    if who.member is None:
        raise Http404
    return who.member


def me_page(request: HttpRequest, who: Who, **extra: Any) -> HttpResponse:
    member = _member_only(who)
    views = [selectors.view_of(e, member) for e in selectors.exchanges_of(member)]
    members_consulted(request, who.actor, "My Time Bank", (m for v in views for m in v.others))
    today = timezone.localdate()
    to_do = [
        v
        for v in views
        if (v.exchange.status == ExchangeStatus.PROPOSED and v.exchange.proposed_by_id != member.pk)
        or (
            v.exchange.status in (ExchangeStatus.ACCEPTED, ExchangeStatus.DONE)
            and not v.confirmed
            and v.exchange.happens_on <= today
        )
    ]
    done = {ExchangeStatus.CONFIRMED, ExchangeStatus.CANCELLED}
    context = {
        "member": member,
        "balance": selectors.balance_of(member),
        "statement": list(reversed(selectors.statement(member)))[:20],
        "listings": list(selectors.listings_of(member)),
        "to_do": to_do,
        "coming": [v for v in views if v.exchange.status not in done and v not in to_do],
        "past": [v for v in views if v.exchange.status in done][:20],
        "today": today,
    } | extra
    return _render(request, who, "me", context)


def profile_page(request: HttpRequest, who: Who) -> HttpResponse:
    member = _member_only(who)
    initial = {key: getattr(member, key) for key in profiles.FIELDS} | {"version": member.version}
    form = ProfileForm(_data(request), initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profiles.change(
                actor=who.actor,
                member_id=member.pk,
                expected_version=data["version"] or 0,
                **{key: data[key] for key in profiles.FIELDS},
            )
        except StaleEdit:
            member.refresh_from_db()
            form = ProfileForm(with_current_version(request, member.version))
            form.is_valid()
            stale = True
        else:
            messages.success(request, "Your details are saved")
            return redirect(who.url("me"))
    return _render(request, who, "profile", {"member": member, "form": form, "stale": stale})
