"""(being written: each view 404s until it is)"""

from typing import Any

from django.http import Http404


def referrals(request: Any, **kwargs: Any) -> Any:
    raise Http404


def referral(request: Any, **kwargs: Any) -> Any:
    raise Http404


def respond(request: Any, **kwargs: Any) -> Any:
    raise Http404


def session(request: Any, **kwargs: Any) -> Any:
    raise Http404


def close(request: Any, **kwargs: Any) -> Any:
    raise Http404
