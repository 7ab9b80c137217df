"""The footer's pages: the accessibility statement, the privacy notices and the cookies page.

They are public (``login_not_required``): the law expects them to be readable before anyone
signs in, and a person deciding whether to use the app must be able to read how it uses
their details first. They show nothing about anyone, so they write no access-log entry.
The figures they quote (timeouts, how long a code lasts) come from the code that enforces
them, so the pages cannot drift from what the service does.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.pages.cookies import cookies_in_use, duration
from mydirection.portal import services as portal


def _facts() -> dict[str, Any]:
    return {
        "staff_idle": duration(settings.SESSION_COOKIE_AGE),
        "app_idle": duration(portal.IDLE_SECONDS),
        "code_minutes": portal.CODE_MINUTES,
        "invitation_hours": portal.INVITATION_HOURS,
        "justification": duration(settings.JUSTIFICATION_SECONDS),
        "lockout_failures": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": round(float(settings.AXES_COOLOFF_TIME) * 60),
    }


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html", _facts())


@login_not_required
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html", _facts())


@login_not_required
@require_safe
def app_privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice in plain words, in the app's own layout, for people on probation."""
    return render(request, "pages/app_privacy.html", _facts())


@login_not_required
@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/cookies.html", {"cookies": cookies_in_use()})
