"""The Time Bank's pages on the staff site: the coordinator's, and the members' (which the
coordinator uses too, for members without phones). A person on probation uses the same pages
in their app (``portal.urls``: /my/time-bank/)."""

from django.urls import path

from mydirection.timebank.views import coordinator, member, public

app_name = "timebank"

L = "listings/<uuid:listing_id>/"
E = "exchanges/<uuid:exchange_id>/"
M = "members/<uuid:member_id>/"

urlpatterns = [
    # The coordinator's.
    path("", coordinator.home, name="home"),
    path("members/", coordinator.member_list, name="members"),
    path("members/add/", coordinator.add_member, name="add-member"),
    path(M, coordinator.member, name="member"),
    path(M + "conditions/", coordinator.conditions, name="conditions"),
    path(M + "leave/", coordinator.leave, name="leave"),
    path("referrals/<uuid:referral_id>/join/", coordinator.join_referral, name="join-referral"),
    path("exchanges/record/", coordinator.record_exchange, name="record-exchange"),
    path(E + "record/", coordinator.record, name="record"),
    path("report/", coordinator.report, name="report"),
    # Offers, requests and exchanges: members with accounts, and the coordinator.
    path("listings/", member.listings, name="listings"),
    path("listings/add/", member.add_listing, name="add-listing"),
    path(L, member.listing, name="listing"),
    path(L + "propose/", member.propose, name="propose"),
    path(L + "session/", member.add_session, name="add-session"),
    path(L + "renew/", member.renew, name="renew"),
    path(L + "withdraw/", member.withdraw, name="withdraw"),
    path(E, member.exchange, name="exchange"),
    path(E + "agree/", member.agree, name="agree"),
    path(E + "join/", member.join, name="join"),
    path(E + "confirm/", member.confirm, name="confirm"),
    path(E + "cancel/", member.cancel, name="cancel"),
    # A member's own page and details.
    path("me/", member.me, name="me"),
    path("me/details/", member.profile, name="profile"),
    # Public: the members' notice about their details, cookies and accessibility.
    path("about-your-details/", public.privacy, name="privacy"),
]
