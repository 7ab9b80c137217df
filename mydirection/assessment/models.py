"""The strengths-based assessment: per area, the person's own answer about change, their
strengths and protective factors, and whether the area is linked to risk.

Answers are never overwritten: each save of an area is a new, numbered and dated
``AreaAnswer``. The latest number per person and area is the current answer; the earlier
ones are its history. The numbers double as the optimistic-concurrency version: a save that
started from an older number is refused (``versioning.StaleEdit``).
"""

import uuid

from django.conf import settings
from django.db import models

from mydirection.practice import Area


class Motivation(models.TextChoices):
    """The person's own answer, in the first person (SAN's stages-of-change scale)."""

    MADE_CHANGES = "made_changes", "I have already made positive changes and want to maintain them"
    MAKING_CHANGES = "making_changes", "I am making changes"
    WANT_TO_MAKE_CHANGES = "want_to_make_changes", "I want to make changes"
    NEEDS_HELP = "needs_help", "I want to make changes but need help"
    THINKING = "thinking", "I am thinking about making changes"
    DOES_NOT_WANT = "does_not_want", "I do not want to make changes"
    DOES_NOT_WANT_TO_ANSWER = "does_not_want_to_answer", "I do not want to answer"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class AnsweredBy(models.TextChoices):
    """Who gave the answers. The motivation answer should be the person's own."""

    PERSON_WITH_CASE_MANAGER = "person_with_case_manager", "The person, with their case manager"
    PERSON_WITH_SUPPORTER = (
        "person_with_supporter",
        "The person, with their case manager and a family member or supporter",
    )
    PERSON = "person", "The person, on their own"
    CASE_MANAGER = "case_manager", "The case manager, without the person"


class AreaAnswer(models.Model):
    """One dated version of the answers for one area of one person's assessment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="area_answers"
    )
    area = models.CharField(max_length=30, choices=Area.choices)
    number = models.PositiveIntegerField(help_text="Version of this area's answers, from 1")
    motivation = models.CharField(
        "Does the person want to make changes?", max_length=30, choices=Motivation.choices
    )
    strengths = models.TextField("Strengths and protective factors", blank=True)
    linked_to_harm = models.BooleanField("Linked to risk of serious harm")
    harm_details = models.TextField(blank=True)
    linked_to_reoffending = models.BooleanField("Linked to risk of reoffending")
    reoffending_details = models.TextField(blank=True)
    answered_by = models.CharField(max_length=30, choices=AnsweredBy.choices)
    # None when the person recorded it themself (through their own app).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["area", "-number"]
        constraints = [
            # Two saves racing from the same version cannot both become the next one.
            models.UniqueConstraint(
                fields=["person", "area", "number"], name="one_answer_per_area_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}, version {self.number}"

    @property
    def area_slug(self) -> str:
        return area_slug(self.area)


def area_slug(area: str) -> str:
    return area.replace("_", "-")


def area_from_slug(slug: str) -> Area | None:
    value = slug.replace("-", "_")
    return Area(value) if value in Area.values else None
