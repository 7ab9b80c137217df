"""The private directory for uploaded files must not be served, nor sit in the code."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from mydirection.uploads.disk import misplaced


@register(Tags.security)
def private_files_outside_the_web_root(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problem = misplaced(Path(settings.PRIVATE_FILES_DIR))
    if not problem:
        return []
    return [
        Error(
            problem,
            hint="Set MYDIRECTION_FILES_DIR to a directory of its own, outside the web root.",
            id="mydirection.E004",
        )
    ]
