"""The floor for the page benchmarks: a bare page through the same request handling.

The view below renders the base layout (header, navigation, footer) with no content, through
every middleware, session, second-factor check and context processor a real page goes
through, so a page's time over this one is what the page itself costs. Only the benchmarks
mount it: ``use_floor()`` points ``ROOT_URLCONF`` at this module, which adds the one path to
the project's own URLs (production's URLconf has no such page).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path, reverse


def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "layouts/base.html", {})


urlpatterns = [
    path("benchmark-floor/", bare, name="benchmark-floor"),
    path("", include("mydirection.urls")),
]


def use_floor() -> str:
    """Mount the floor page for this process and return its URL."""
    settings.ROOT_URLCONF = __name__
    return reverse("benchmark-floor")
