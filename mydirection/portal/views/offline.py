"""The app as an installable web app: its manifest, its service worker (which caches static
files and the offline page only, never a personal page) and the page shown offline."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/offline.html")


@login_not_required
@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/manifest.webmanifest",
        {"icon": static("mydirection/images/favicon.svg")},
        content_type="application/manifest+json",
    )


@login_not_required
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    precache = [
        static("mydirection/css/app.css"),
        static("mydirection/js/init.js"),
        static("mydirection/js/govuk-frontend.min.js"),
        static("mydirection/js/moj-frontend.min.js"),
        static("portal/register-sw.js"),
    ]
    response = render(
        request,
        "portal/sw.js",
        {"precache": precache, "static_prefix": static("")},
        content_type="text/javascript",
    )
    return response
