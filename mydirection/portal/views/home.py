"""The app's start page (/my/): the person's name, their unread messages, and "Money for
your plan" while a pot is open for them or they have requests (with receipts asked for)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.messaging import selectors as messaging_selectors
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.portal.views.fund import fund_menu


@require_safe
@portal_view("App: home")
def home(request: PortalRequest) -> HttpResponse:
    unread = messaging_selectors.unread_for_person(request.person)
    context = {
        "person": request.person,
        "unread": unread,
        "fund": fund_menu(request.person),
    }
    return render(request, "portal/home.html", context)
