"""(being written: each view 404s until it is)"""

from typing import Any

from django.http import Http404


def catalogue(request: Any, **kwargs: Any) -> Any:
    raise Http404


def add(request: Any, **kwargs: Any) -> Any:
    raise Http404


def detail(request: Any, **kwargs: Any) -> Any:
    raise Http404


def change(request: Any, **kwargs: Any) -> Any:
    raise Http404


def pause(request: Any, **kwargs: Any) -> Any:
    raise Http404


def reopen(request: Any, **kwargs: Any) -> Any:
    raise Http404


def withdraw(request: Any, **kwargs: Any) -> Any:
    raise Http404


def organisations(request: Any, **kwargs: Any) -> Any:
    raise Http404


def add_organisation(request: Any, **kwargs: Any) -> Any:
    raise Http404


def organisation(request: Any, **kwargs: Any) -> Any:
    raise Http404
