"""The upload field other apps' forms use: GOV.UK markup, and refusals next to the field.
Forms are rendered directly: no client, no database."""

import re

from django import forms
from django.utils.datastructures import MultiValueDict

from mydirection.uploads.forms import UploadField
from mydirection.uploads.testing import a_pdf, a_photo, uploaded


class ReceiptForm(forms.Form):
    receipt = UploadField(
        label="Upload a photo or PDF of the receipt",
        error_messages={"required": "Select a photo or PDF of the receipt"},
    )


def input_tag(html: str) -> str:
    found = re.search(r"<input[^>]*>", html)
    assert found
    return found.group(0)


def test_it_renders_the_govuk_file_upload() -> None:
    form = ReceiptForm()
    html = str(form)

    assert form.is_multipart()
    assert '<div class="govuk-form-group">' in html
    assert '<label class="govuk-label govuk-label--s" for="id_receipt">' in html
    assert '<div class="govuk-hint" id="id_receipt_helptext">' in html
    assert "JPG, PNG or PDF, smaller than 10MB" in html
    # The browser's own input: the enhanced drop zone's button fails axe (see the widget).
    assert "govuk-drop-zone" not in html and 'data-module="govuk-file-upload"' not in html
    tag = input_tag(html)
    assert 'type="file"' in tag
    assert 'class="govuk-file-upload"' in tag
    assert 'accept="image/jpeg,image/png,application/pdf"' in tag
    assert 'aria-describedby="id_receipt_helptext"' in tag


def test_a_refused_file_is_explained_next_to_the_field() -> None:
    page = uploaded(b"<html><script>alert(1)</script></html>", "photo.jpg", "image/jpeg")
    form = ReceiptForm(data={}, files=MultiValueDict({"receipt": [page]}))

    assert not form.is_valid()
    assert form.errors["receipt"] == ["The selected file must be a photo (JPG or PNG) or a PDF"]
    html = str(form)
    assert "govuk-form-group--error" in html
    assert 'class="govuk-file-upload govuk-file-upload--error"' in input_tag(html)
    assert '<p class="govuk-error-message" id="id_receipt_error">' in html


def test_it_asks_for_a_file_and_refuses_an_empty_one() -> None:
    form = ReceiptForm(data={}, files=MultiValueDict())
    assert form.errors["receipt"] == ["Select a photo or PDF of the receipt"]
    form = ReceiptForm(data={}, files=MultiValueDict({"receipt": [uploaded(b"", "receipt.pdf")]}))
    assert form.errors["receipt"] == ["The selected file is empty"]


def test_a_photo_or_a_pdf_is_accepted_and_can_be_read_again() -> None:
    for data, name in ((a_photo(), "IMG_1.jpg"), (a_pdf(), "receipt.pdf")):
        form = ReceiptForm(data={}, files=MultiValueDict({"receipt": [uploaded(data, name)]}))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["receipt"].read() == data
