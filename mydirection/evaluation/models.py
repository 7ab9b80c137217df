"""Records the evaluation needs that the case records do not hold.

``ReoffendingEvent``: a proven offence after a person's cohort start, imported from an
extract (for example the Police National Computer). Breaches of an order or licence are
kept, because they are proven events, but they do not count as reoffending.
"""

import uuid

from django.conf import settings
from django.db import models

from mydirection.people.models import OffenceCategory

BREACH = "breach"
REOFFENCE_CATEGORIES: list[tuple[str, str]] = [
    *OffenceCategory.choices,
    (BREACH, "Breach of an order or licence"),
]
DEFAULT_SOURCE = "Police National Computer extract"


class ReoffendingEvent(models.Model):
    """One proven offence (or breach) for a person on probation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="reoffending_events"
    )
    offence_date = models.DateField()
    category = models.CharField("Offence category", max_length=20, choices=REOFFENCE_CATEGORIES)
    source = models.CharField(max_length=100, default=DEFAULT_SOURCE)
    import_batch = models.CharField(
        max_length=40, help_text="The reference of the import that brought this event in"
    )
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["person_id", "offence_date"]
        indexes = [models.Index(fields=["person", "offence_date"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} on {self.offence_date:%d %b %Y}"

    @property
    def is_breach(self) -> bool:
        """Derived from the category, never stored twice."""
        return self.category == BREACH
