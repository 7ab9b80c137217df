"""Co-creation through Community Reporting (People's Voice Media's method, as in the pilot).

Eleven staff and peer mentors, trained as Community Reporters, captured about 40 stories from
staff and people on probation, analysed them and showed what they found in workshops where
managers decided what to change. Here:

* a **reporter** is a member of staff or a volunteer (an account) or a person on probation (a
  peer mentor, from their app); they belong to a **reporter group** of one office, whose
  **best-practice guide** (numbered versions) is its editorial policy. A reporter captures
  stories only once their responsible-storytelling training is recorded.
* a **story** has a technique, a storyteller (and their role), a text and/or an audio or video
  file (``uploads``) and a transcript. Its **consent** is layered (record, analysis, workshops,
  publication per channel, how the storyteller is named, until when) and taken by someone who
  is not the storyteller's own case manager. Withdrawing it takes the story out of everything
  made afterwards and flags what already used it.
* a **risk screen** (no victims, no offence details, nothing that could breach licence
  conditions) and **redactions** (a span of the transcript, its replacement, who and why) come
  before any use: outputs show the redacted text only.
* curation: **highlights** of the redacted transcript, tagged with hierarchical **themes**,
  grouped into **insights**; a person on probation may be a **co-analyst** of a group.
* mobilisation: **workshops** show insights and record decisions and **change actions**
  (owner, status), which the "you said, we did" pages show; the storytellers on probation whose
  stories led to a change are **told**.

Stories are highly sensitive (``classification``): every page showing one and every change is
in the access log, about the storyteller when they are a person on probation.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReporterGroup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    office = models.ForeignKey("staff.Office", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Guide(models.Model):
    """A version of a group's best-practice guide (its editorial policy); the newest rules."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.CASCADE, related_name="guides")
    number = models.PositiveIntegerField()
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="guide_one_number"),
        ]

    def __str__(self) -> str:
        return f"Guide {self.number}"


class Reporter(models.Model):
    """A Community Reporter: an account (staff, volunteer) or a person on probation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.PROTECT, related_name="reporters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporters",
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporters",
    )
    # Responsible storytelling: when, and who trained them (a trainer's name, often outside).
    trained_on = models.DateField(null=True, blank=True)
    trained_by = models.CharField(max_length=120, blank=True)
    active = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=True) & Q(person__isnull=False))
                | (Q(user__isnull=False) & Q(person__isnull=True)),
                name="reporter_user_xor_person",
            ),
            models.UniqueConstraint(fields=["group", "user"], name="reporter_user_once"),
            models.UniqueConstraint(fields=["group", "person"], name="reporter_person_once"),
        ]

    def __str__(self) -> str:
        if self.user is not None:
            return str(self.user.display_name)
        return str(self.person.known_as if self.person else "")


class Technique(models.TextChoices):
    SNAPSHOT = "snapshot", "Snapshot story"
    DIALOGUE = "dialogue", "Dialogue interview"
    PERSONAL = "personal", "Longer personal story"


class StorytellerRole(models.TextChoices):
    PERSON = "person", "Person on probation"
    STAFF = "staff", "Member of staff"
    VOLUNTEER = "volunteer", "Volunteer"
    FAMILY = "family", "Family or community member"


class Story(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.PROTECT, related_name="stories")
    captured_by = models.ForeignKey(Reporter, on_delete=models.PROTECT, related_name="stories")
    captured_on = models.DateField()
    technique = models.CharField(max_length=10, choices=Technique.choices)
    storyteller_role = models.CharField(max_length=10, choices=StorytellerRole.choices)
    # A person on probation telling their story; otherwise their name as they gave it.
    storyteller_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories_told",
    )
    storyteller_name = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=120)
    text = models.TextField(blank=True)
    media = models.ForeignKey(
        "uploads.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    transcript = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-captured_on", "title"]
        constraints = [
            # A person on probation is their record, or (a peer's story captured by a
            # reporter on probation, who may not look records up) the name they gave.
            models.CheckConstraint(
                condition=~Q(storyteller_role="person")
                | Q(storyteller_person__isnull=False)
                | ~Q(storyteller_name=""),
                name="story_person_named",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Identification(models.TextChoices):
    NAME = "name", "Full name"
    FIRST_NAME = "first_name", "First name only"
    ANONYMOUS = "anonymous", "Anonymous"


class Channel(models.TextChoices):
    REPORT = "report", "Reports inside the service"
    WEBSITE = "website", "The public website"
    SOCIAL = "social", "Social media"
    PRESS = "press", "Press and print"


class Consent(models.Model):
    """What the storyteller agreed to, layer by layer; one per story, versioned."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="consent")
    record = models.BooleanField(default=True)
    analysis = models.BooleanField(default=False)
    workshops = models.BooleanField(default=False)
    # Channel values the story may be published on (empty: not published).
    channels = models.JSONField(default=list, blank=True)
    identification = models.CharField(
        max_length=10, choices=Identification.choices, default=Identification.ANONYMOUS
    )
    expires_on = models.DateField(null=True, blank=True)
    # Who took it: a member of staff or volunteer (``taken_by``), or a reporter on probation
    # in their app (``taken_by_reporter``).
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_by_reporter = models.ForeignKey(
        Reporter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_on = models.DateField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(taken_by__isnull=False) | Q(taken_by_reporter__isnull=False),
                name="consent_taken_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return "Consent"

    @property
    def taker(self) -> str:
        """Who took the consent, as staff pages show it."""
        if self.taken_by is not None:
            return str(self.taken_by.display_name)
        return f"{self.taken_by_reporter}, a Community Reporter" if self.taken_by_reporter else ""

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(value).label) for value in self.channels if value in Channel.values]


class Screen(models.Model):
    """The risk screen before any use; one per story (redone by saving again)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="screen")
    no_victims = models.BooleanField(default=False)
    no_offence_details = models.BooleanField(default=False)
    no_licence_breach = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    screened_at = models.DateTimeField(default=timezone.now)
    # A second person, who curates the group and did not screen it, signs the screen off
    # before the story may be used (``rules.sign_off_refusal``); screening again clears it.
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "Risk screen"

    @property
    def signed_off(self) -> bool:
        return self.signed_off_by_id is not None

    @property
    def passed(self) -> bool:
        return self.no_victims and self.no_offence_details and self.no_licence_breach


class Redaction(models.Model):
    """A span of the transcript (characters ``start`` to ``end``) replaced in every output."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="redactions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    replacement = models.CharField(max_length=60, default="[name removed]")
    reason = models.CharField(max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="redaction_span"),
        ]

    def __str__(self) -> str:
        return "Redaction"


class Theme(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=80)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "parent", "name"], name="theme_once"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent else self.name


class Highlight(models.Model):
    """A span of the story's redacted transcript, and its text as it was highlighted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="highlights")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    excerpt = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="highlights")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["story", "start"]

    def __str__(self) -> str:
        return "Highlight"


class Insight(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.PROTECT, related_name="insights")
    title = models.CharField(max_length=160)
    summary = models.TextField(blank=True)
    highlights = models.ManyToManyField(Highlight, blank=True, related_name="insights")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CoAnalyst(models.Model):
    """A person on probation analysing a group's stories: consented, screened, redacted
    excerpts of that group only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.CASCADE, related_name="co_analysts")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return "Co-analyst"


class Workshop(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.PROTECT, related_name="workshops")
    title = models.CharField(max_length=160)
    held_on = models.DateField()
    # Who came, as written down (managers, staff, reporters, people on probation by first name).
    attendees = models.TextField(blank=True)
    insights = models.ManyToManyField(Insight, blank=True, related_name="workshops")
    decisions = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"


class ChangeAction(models.Model):
    """A change a workshop decided: what was heard, what is done, who owns it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="actions")
    insight = models.ForeignKey(
        Insight, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    heard = models.TextField()
    done = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["workshop", "updated_at"]

    def __str__(self) -> str:
        return self.done[:60]


class Told(models.Model):
    """A storyteller on probation told that their story influenced a change (once each)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(ChangeAction, on_delete=models.CASCADE, related_name="told")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    told_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "person"], name="told_once"),
        ]

    def __str__(self) -> str:
        return "Told of a change"


class Publication(models.Model):
    """One download of a group's excerpts for one channel: who made it, when, and which stories
    it disclosed, so that a story withdrawn since flags it (as an insight is flagged)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ReporterGroup, on_delete=models.PROTECT, related_name="publications")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    stories = models.ManyToManyField(Story, blank=True, related_name="publications")
    excerpts = models.PositiveIntegerField(default=0)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return "Publication"
