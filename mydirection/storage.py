"""Static files in production: WhiteNoise's compressed files with content-hashed names."""

from collections.abc import Callable
from re import Match
from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Files the compiled CSS refers to that are deliberately not shipped (scripts/build-assets.sh):
# the Royal Arms of GOV.UK's footer, which MyDirection may not use and never renders.
NOT_SHIPPED = ("mydirection/images/govuk-crest.svg",)


class StaticFiles(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Leaves references to the files in ``NOT_SHIPPED`` as they are, where the manifest
    storage would refuse to collect the static files at all.

    Collected files are readable by everyone (0644, directories 0755), whatever the uploaded
    files' modes (``FILE_UPLOAD_PERMISSIONS`` 0600, which Django's storages share): they are
    public, and are collected by whoever deploys (root, or an image's build) for the service's
    own user to serve."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o644)
        kwargs.setdefault("directory_permissions_mode", 0o755)
        super().__init__(*args, **kwargs)

    def url_converter(
        self, name: str, hashed_files: dict[str, str], template: str | None = None
    ) -> Callable[[Match[str]], str]:
        convert: Callable[[Match[str]], str] = super().url_converter(name, hashed_files, template)
        not_shipped = {settings.STATIC_URL + path for path in NOT_SHIPPED}

        def converter(found: Match[str]) -> str:
            if found["url"] in not_shipped:
                return found["matched"]
            return convert(found)

        return converter
