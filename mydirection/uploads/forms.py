"""The file upload field other apps' forms use: ``UploadField``.

It renders as the GOV.UK file upload (through the project's form renderer, like any other
field), with the hint "JPG, PNG or PDF, smaller than 10MB" and ``accept`` set so that phones
offer photos and files of those kinds (and Safari sends an iPhone's HEIC photo as a JPEG).
Its ``clean`` runs ``files.inspect``, so a refused file gets its message next to the field;
``services.store`` checks again. The page's ``<form>`` needs
``enctype="multipart/form-data"`` (``form.is_multipart()``).
"""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from mydirection.uploads import files


class GovUKFileInput(forms.FileInput):
    """The browser's own file input, with GOV.UK styles. Not GOV.UK Frontend's enhanced drop
    zone: its "Choose file" button's accessible name does not contain its visible text (axe's
    label-content-name-mismatch, a problem for people using voice control), and on a phone,
    where most receipts are photographed, there is nothing to drop anyway."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": files.ACCEPT} | (attrs or {}))


class UploadField(forms.FileField):
    """One photo (JPG or PNG) or PDF, checked as ``store`` will check it.

    Pass ``error_messages={"required": "Select a photo or PDF of the receipt"}`` to name
    what is wanted (the default says "Select a file").
    """

    widget = GovUKFileInput
    default_error_messages = {
        "required": "Select a file",
        "empty": files.EMPTY,
        "invalid": "The selected file could not be uploaded. Try again",
        "missing": "The selected file could not be uploaded. Try again",
    }

    def __init__(self, *, kinds: frozenset[files.Kind] = files.DOCUMENTS, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", files.hint(kinds))
        if kinds == files.MEDIA:
            kwargs.setdefault("widget", GovUKFileInput({"accept": files.ACCEPT_MEDIA}))
        super().__init__(**kwargs)
        self.kinds = kinds

    def clean(self, data: Any, initial: Any = None) -> UploadedFile[bytes] | None:
        upload: UploadedFile[bytes] | None = super().clean(data, initial)
        if upload:
            files.inspect(upload, self.kinds)
        return upload
