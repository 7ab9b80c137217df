"""Person-centred thinking tools: dated versions of statements, each with its author.

A ``ToolRecord`` is one version of one tool (a one-page profile, a relationship circle...)
for one person; its ``Statement`` rows are what was said, by whom, and whether the person
has confirmed it (Helen Sanderson Associates' Guess > Ask > Write). Versions are never
changed: a change, or a confirmation, is a new version. The tools' sections are in
``mydirection.person_centred.tools``.
"""

import uuid

from django.conf import settings
from django.db import models

from mydirection.practice import Tool


class SaidBy(models.TextChoices):
    """Whose words a statement is. For working / not working it is also the perspective."""

    PERSON = "person", "The person"
    CASE_MANAGER = "case_manager", "Case manager"
    FAMILY = "family", "Family"
    PEER_MENTOR = "peer_mentor", "Peer mentor"
    OTHER = "other", "Someone else who supports them"


class Sector(models.TextChoices):
    """Where someone in a relationship circle comes from."""

    FAMILY = "family", "Family"
    FRIENDS = "friends", "Friends"
    COMMUNITY = "community", "Community"
    PAID_SUPPORT = "paid_support", "Paid support"


class ToolRecord(models.Model):
    """One dated version of one person-centred tool for one person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="tool_records"
    )
    tool = models.CharField(max_length=30, choices=Tool.choices)
    number = models.PositiveIntegerField(help_text="Version of this tool, from 1")
    notes = models.TextField("Anything else", blank=True)
    # None when the person wrote this version themself (through their own app).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["tool", "-number"]
        constraints = [
            # Two saves racing from the same version cannot both become the next one.
            models.UniqueConstraint(
                fields=["person", "tool", "number"], name="one_tool_record_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tool_display()}, version {self.number}"

    @property
    def slug(self) -> str:
        return tool_slug(self.tool)


class Statement(models.Model):
    """Something said about the person, in one section of one version of a tool."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record = models.ForeignKey(ToolRecord, on_delete=models.CASCADE, related_name="statements")
    section = models.CharField(max_length=30)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    said_by = models.CharField(max_length=20, choices=SaidBy.choices)
    confirmed = models.BooleanField(
        default=False, help_text="The person has confirmed this is right"
    )
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)

    class Meta:
        ordering = ["record", "position"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def in_own_words(self) -> bool:
        return self.said_by == SaidBy.PERSON


def tool_slug(tool: str) -> str:
    return tool.replace("_", "-")


def tool_from_slug(slug: str) -> Tool | None:
    value = slug.replace("-", "_")
    return Tool(value) if value in Tool.values else None
