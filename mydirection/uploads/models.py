"""Uploaded files: receipts for the Enabling Fund and volunteer expenses, and stories.

The row describes a file kept in the private directory (``settings.PRIVATE_FILES_DIR``),
outside the web root: no URL serves that directory, and the only way out is
``mydirection.uploads.serving.response``, after the caller's access decision. The file's
name there (``storage_name``) is made from its id, never from the name it was uploaded with.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Purpose(models.TextChoices):
    RECEIPT = "receipt", "Receipt"
    EXPENSE_RECEIPT = "expense_receipt", "Expenses receipt"
    STORY = "story", "Story"


class StoredFile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # Whose data it is (for the access log); none for a file about nobody on probation (a
    # volunteer's expenses).
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stored_files",
    )
    # Detected from the content, never taken from the name or the browser.
    content_type = models.CharField(max_length=40)
    # Bytes, as stored (after an image is re-encoded).
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # As uploaded, cleaned (no path, no control characters, at most 120 characters). Shown
    # to people who may see the file; never used on disk, never in the access log.
    original_name = models.CharField(max_length=120, blank=True)
    # "<yyyy>/<mm>/<id>.<ext>" under PRIVATE_FILES_DIR.
    storage_name = models.CharField(max_length=100, unique=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Who uploaded it: a member of staff, or the person in their app (neither: the system).
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uploaded_by_user__isnull=True)
                | models.Q(uploaded_by_person__isnull=True),
                name="stored_file_one_uploader",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    content_type__in=[
                        "image/jpeg",
                        "image/png",
                        "application/pdf",
                        "audio/mpeg",
                        "audio/mp4",
                        "audio/wav",
                        "audio/ogg",
                        "video/mp4",
                        "video/webm",
                    ]
                ),
                name="stored_file_known_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} file"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
