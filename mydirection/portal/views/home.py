"""The app's start page (/my/): the person's name and their unread messages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.messaging import selectors as messaging_selectors
from mydirection.portal.session import PortalRequest, portal_view


@require_safe
@portal_view("App: home")
def home(request: PortalRequest) -> HttpResponse:
    unread = messaging_selectors.unread_for_person(request.person)
    return render(request, "portal/home.html", {"person": request.person, "unread": unread})
