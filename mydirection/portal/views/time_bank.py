"""The Time Bank in the person's app (/my/time-bank/): the same offers, requests and
exchanges as every member's, through the same pages and services (``timebank.pages``), in the
app's layout and words. Only a member reaches them (404 for anyone else); the person is the
actor, and another member on probation they meet is logged as consulted by them.

Offering is easier from what people already appreciate about them: the add page shows those
lines of their one-page profile (their own, or ones they confirmed)."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.person_centred import selectors as profile_selectors
from mydirection.person_centred.models import SaidBy
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.timebank import pages
from mydirection.timebank.models import ListingKind
from mydirection.timebank.who import Who, app_member, app_who


def _who(request: PortalRequest) -> Who:
    member = app_member(request.person)
    if member is None:
        raise Http404
    return app_who(request.person, member)


def _strengths(request: PortalRequest) -> list[str]:
    """What people appreciate about them, in their one-page profile: their own words, or
    words they confirmed."""
    record = profile_selectors.current_profile(request.person)
    if record is None:
        return []
    return [
        s.text
        for s in record.statements.all()
        if s.section == "appreciate" and (s.said_by == SaidBy.PERSON or s.confirmed)
    ][:5]


def _page(what: str, methods: list[str]) -> Callable[[Callable[..., HttpResponse]], Any]:
    def decorate(view: Callable[..., HttpResponse]) -> Any:
        guarded = portal_view(f"App: Time Bank, {what}")(view)
        if methods == ["POST"]:
            return require_POST(guarded)
        if methods == ["GET"]:
            return require_safe(guarded)
        return require_http_methods(methods)(guarded)

    return decorate


@_page("home", ["GET"])
def home(request: PortalRequest) -> HttpResponse:
    return pages.me_page(request, _who(request), person=request.person)


@_page("offers and requests", ["GET"])
def listings(request: PortalRequest) -> HttpResponse:
    return pages.listings_page(request, _who(request))


@_page("offer or ask", ["GET", "POST"])
def add_listing(request: PortalRequest) -> HttpResponse:
    strengths = _strengths(request)
    initial = {"kind": ListingKind.OFFER} if strengths else {}
    return pages.add_listing_page(request, _who(request), initial, strengths=strengths)


@_page("an offer or request", ["GET"])
def listing(request: PortalRequest, listing_id: UUID) -> HttpResponse:
    return pages.listing_page(request, _who(request), listing_id)


@_page("propose an exchange", ["GET", "POST"])
def propose(request: PortalRequest, listing_id: UUID) -> HttpResponse:
    return pages.propose_page(request, _who(request), listing_id)


@_page("add a session", ["GET", "POST"])
def add_session(request: PortalRequest, listing_id: UUID) -> HttpResponse:
    return pages.add_session_page(request, _who(request), listing_id)


@_page("renew", ["POST"])
def renew(request: PortalRequest, listing_id: UUID) -> HttpResponse:
    return pages.renew_page(request, _who(request), listing_id)


@_page("take down", ["POST"])
def withdraw(request: PortalRequest, listing_id: UUID) -> HttpResponse:
    return pages.withdraw_page(request, _who(request), listing_id)


@_page("an exchange", ["GET"])
def exchange(request: PortalRequest, exchange_id: UUID) -> HttpResponse:
    return pages.exchange_page(request, _who(request), exchange_id)


@_page("agree", ["POST"])
def agree(request: PortalRequest, exchange_id: UUID) -> HttpResponse:
    return pages.agree_page(request, _who(request), exchange_id)


@_page("join", ["POST"])
def join(request: PortalRequest, exchange_id: UUID) -> HttpResponse:
    return pages.join_page(request, _who(request), exchange_id)


@_page("confirm", ["POST"])
def confirm(request: PortalRequest, exchange_id: UUID) -> HttpResponse:
    return pages.confirm_page(request, _who(request), exchange_id)


@_page("cancel", ["GET", "POST"])
def cancel(request: PortalRequest, exchange_id: UUID) -> HttpResponse:
    return pages.cancel_page(request, _who(request), exchange_id)


@_page("my details", ["GET", "POST"])
def profile(request: PortalRequest) -> HttpResponse:
    return pages.profile_page(request, _who(request))
