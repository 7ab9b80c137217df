from django.urls import path

from mydirection.fund.views import decisions, person, pots

app_name = "fund"

R = "people/<uuid:person_id>/fund/<uuid:request_id>/"

urlpatterns = [
    # A person's requests: part of their record.
    path("people/<uuid:person_id>/fund/", person.requests, name="person"),
    path("people/<uuid:person_id>/fund/ask/", person.ask, name="ask"),
    path(R, person.request, name="request"),
    path(R + "approve/", person.approve, name="approve"),
    path(R + "decline/", person.decline, name="decline"),
    path(R + "pay/", person.pay, name="pay"),
    path(R + "cancel/", person.cancel, name="cancel"),
    path(R + "receipt/", person.receipt, name="receipt"),
    path(R + "receipt/add/", person.add_receipt, name="add-receipt"),
    # Requests waiting for one's decision; the programme manager's decision on one.
    path("fund/requests/", decisions.waiting, name="waiting"),
    path("fund/requests/<uuid:request_id>/", decisions.decision, name="decision"),
    # The programme manager's pots.
    path("fund/", pots.pots, name="pots"),
    path("fund/add/", pots.add, name="add"),
    path("fund/<uuid:fund_id>/", pots.pot, name="pot"),
    path("fund/<uuid:fund_id>/money/", pots.money, name="money"),
    path("fund/<uuid:fund_id>/rules/", pots.rules, name="rules"),
    path("fund/<uuid:fund_id>/providers/add/", pots.add_provider, name="add-provider"),
    path("fund/<uuid:fund_id>/providers/<uuid:provider_id>/", pots.provider, name="provider"),
    path("fund/<uuid:fund_id>/close/", pots.close, name="close"),
]
