"""(being written: each view 404s until it is)"""

from typing import Any

from django.http import Http404


def decisions(request: Any, **kwargs: Any) -> Any:
    raise Http404
