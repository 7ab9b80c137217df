"""Placeholder: written by the fund pages work."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def waiting(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def decision(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
