"""The Time Bank's notice for its members: how it uses their details, its cookies and its
accessibility, in words that never speak of probation (a community member's footer links
here instead of the service's notices). Public, as every footer page is."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


def _weeks_or_hours(seconds: int) -> str:
    if seconds % (7 * 86400) == 0:
        return f"{seconds // (7 * 86400)} weeks"
    return f"{seconds // 3600} hours"


@login_not_required
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    cookies = [
        (
            settings.SESSION_COOKIE_NAME,
            "Keeps you signed in. It holds a random key: what it stands for stays on our server.",
            f"{_weeks_or_hours(settings.SESSION_COOKIE_AGE)} after you last use the site",
        ),
        (
            settings.CSRF_COOKIE_NAME,
            "Stops another website sending a form to this site as if it were you.",
            _weeks_or_hours(settings.CSRF_COOKIE_AGE),
        ),
        (
            CookieStorage.cookie_name,
            "Carries a short message, such as “Saved”, to the next page you see.",
            "When the message has been shown",
        ),
    ]
    return render(request, "timebank/privacy.html", {"cookies": cookies})
