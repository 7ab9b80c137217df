"""Placeholder: written by the fund pages work."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def requests(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def ask(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def request(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def approve(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def decline(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def pay(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def cancel(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def receipt(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def add_receipt(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
