"""The member pages on the staff site (/time-bank/): for a member with an account (a
community member, a volunteer) and for the coordinator, who acts for members without phones.
Each decides who is asking (``who.staff_who``: 404 for anyone else) and calls ``pages``."""

from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.http import StaffRequest
from mydirection.timebank import pages
from mydirection.timebank.who import staff_who


@require_safe
def listings(request: StaffRequest) -> HttpResponse:
    return pages.listings_page(request, staff_who(request))


@require_http_methods(["GET", "POST"])
def add_listing(request: StaffRequest) -> HttpResponse:
    return pages.add_listing_page(request, staff_who(request))


@require_safe
def listing(request: StaffRequest, listing_id: UUID) -> HttpResponse:
    return pages.listing_page(request, staff_who(request), listing_id)


@require_http_methods(["GET", "POST"])
def propose(request: StaffRequest, listing_id: UUID) -> HttpResponse:
    return pages.propose_page(request, staff_who(request), listing_id)


@require_http_methods(["GET", "POST"])
def add_session(request: StaffRequest, listing_id: UUID) -> HttpResponse:
    return pages.add_session_page(request, staff_who(request), listing_id)


@require_POST
def renew(request: StaffRequest, listing_id: UUID) -> HttpResponse:
    return pages.renew_page(request, staff_who(request), listing_id)


@require_POST
def withdraw(request: StaffRequest, listing_id: UUID) -> HttpResponse:
    return pages.withdraw_page(request, staff_who(request), listing_id)


@require_safe
def exchange(request: StaffRequest, exchange_id: UUID) -> HttpResponse:
    return pages.exchange_page(request, staff_who(request), exchange_id)


@require_POST
def agree(request: StaffRequest, exchange_id: UUID) -> HttpResponse:
    return pages.agree_page(request, staff_who(request), exchange_id)


@require_POST
def join(request: StaffRequest, exchange_id: UUID) -> HttpResponse:
    return pages.join_page(request, staff_who(request), exchange_id)


@require_POST
def confirm(request: StaffRequest, exchange_id: UUID) -> HttpResponse:
    return pages.confirm_page(request, staff_who(request), exchange_id)


@require_http_methods(["GET", "POST"])
def cancel(request: StaffRequest, exchange_id: UUID) -> HttpResponse:
    return pages.cancel_page(request, staff_who(request), exchange_id)


@require_safe
def me(request: StaffRequest) -> HttpResponse:
    return pages.me_page(request, staff_who(request))


@require_http_methods(["GET", "POST"])
def profile(request: StaffRequest) -> HttpResponse:
    return pages.profile_page(request, staff_who(request))
