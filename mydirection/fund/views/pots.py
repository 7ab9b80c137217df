"""Placeholder: written by the fund pages work."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def pots(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def add(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def pot(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def money(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def rules(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def add_provider(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def provider(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def close(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
