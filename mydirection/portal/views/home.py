"""The app's start page (/my/): the person's name, their unread messages, and "Money for
your plan" while a pot is open for them or they have requests (with receipts asked for);
"Volunteering" for a volunteer, "My circle" while they have a Life Links circle, and "Stories"
for a Community Reporter or a storyteller."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.cocreation.app_selectors import is_reporter_or_storyteller
from mydirection.messaging import selectors as messaging_selectors
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.portal.views.fund import fund_menu
from mydirection.volunteering.mine.who import app_volunteer
from mydirection.volunteering.record.selectors import focus_circle


@require_safe
@portal_view("App: home")
def home(request: PortalRequest) -> HttpResponse:
    unread = messaging_selectors.unread_for_person(request.person)
    context = {
        "person": request.person,
        "unread": unread,
        "fund": fund_menu(request.person),
        "volunteer": app_volunteer(request.person),
        "circle": focus_circle(request.person),
        "stories": is_reporter_or_storyteller(request.person),
    }
    return render(request, "portal/home.html", context)
