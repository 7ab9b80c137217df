"""The co-produced rehabilitation plan: Plan -> versions -> goals -> steps.

Following HMPPS's Sentence Plan: one plan per person; goals in the person's own words under an
area of the practice model; steps saying who does what; an agreement that snapshots the plan
as a version; progress notes and a history of every change. Goals and steps link to the
order's requirements so the plan visibly delivers the sentence too.

Every field is classified in ``mydirection.classification``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from mydirection.practice import Area, ConversationKind


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Working on now"
    FUTURE = "future", "For the future"
    ACHIEVED = "achieved", "Achieved"
    REMOVED = "removed", "Removed"


# Statuses of goals still on the plan (achieved and removed ones are kept, shown apart).
CURRENT_GOALS = (GoalStatus.ACTIVE, GoalStatus.FUTURE)


class StepActor(models.TextChoices):
    PERSON = "person", "The person"
    CASE_MANAGER = "case_manager", "Case manager"
    PARTNER = "partner", "Partner organisation"
    VOLUNTEER = "volunteer", "Volunteer or peer mentor"
    LIFE_COACH = "life_coach", "Life coach"
    TIME_BANK = "time_bank", "Time Bank"
    SOMEONE_ELSE = "someone_else", "Someone else"


# Steps someone outside the service does: the plan offers "Refer" on them while they are to do.
REFERRED_ACTORS = (
    StepActor.TIME_BANK,
    StepActor.LIFE_COACH,
    StepActor.PARTNER,
    StepActor.VOLUNTEER,
)


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANNOT_YET = "cannot_yet", "Cannot be done yet"
    NOT_NEEDED = "not_needed", "No longer needed"


class Agreement(models.TextChoices):
    AGREED = "agreed", "Agrees to the plan"
    NOT_AGREED = "not_agreed", "Does not agree to the plan"
    COULD_NOT_ANSWER = "could_not_answer", "Could not answer"


class Support(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"


class NoteKind(models.TextChoices):
    PROGRESS = "progress", "Progress note"
    REVIEW = "review", "Review"


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # True once the plan changes after an agreement: it needs agreeing again.
    changed_since_agreed = models.BooleanField(default=False)

    def __str__(self) -> str:
        return "Plan"


class PlanVersion(models.Model):
    """A snapshot of the plan made at each agreement, shown later exactly as it was."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    agreement = models.CharField(max_length=20, choices=Agreement.choices)
    reason = models.TextField(blank=True, help_text="Why they did not agree or could not answer")
    agreed_on = models.DateField()
    # Names as they were: a later change of name or case manager does not rewrite the past.
    person_name = models.CharField(max_length=200)
    case_manager_name = models.CharField(max_length=200)
    # Empty when the person gave their answer themself, in the app.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class Goal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField("Goal", max_length=300)
    area = models.CharField(max_length=30, choices=Area.choices)
    related_areas = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    status_note = models.TextField(blank=True)
    target_date = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    requirements = models.ManyToManyField("people.Requirement", blank=True, related_name="goals")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self) -> str:
        return self.title

    @property
    def related_area_labels(self) -> list[str]:
        return [Area(value).label for value in self.related_areas if value in Area.values]


class Step(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField("What will be done", max_length=300)
    actor = models.CharField("Who will do it", max_length=20, choices=StepActor.choices)
    actor_detail = models.CharField(
        "Who, by name", max_length=120, blank=True, help_text="For example the organisation"
    )
    status = models.CharField(
        max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    requirements = models.ManyToManyField("people.Requirement", blank=True, related_name="steps")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description

    @property
    def may_be_referred(self) -> bool:
        return self.actor in REFERRED_ACTORS and self.status in (
            StepStatus.NOT_STARTED,
            StepStatus.IN_PROGRESS,
            StepStatus.CANNOT_YET,
        )

    @property
    def by_the_person(self) -> bool:
        return self.actor == StepActor.PERSON


class ProgressNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices, default=NoteKind.PROGRESS)
    text = models.TextField()
    needs_support = models.CharField(max_length=10, choices=Support.choices)
    person_involved = models.BooleanField()
    # The author: a member of staff, or the person themself in their app ("Say how it went").
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_person = models.BooleanField(default=False)
    # When it was written: now, unless the record is older than its entry (see PlanChange).
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


class PlanChange(models.Model):
    """The plan's own history: what changed, and who changed it (staff, the person, or both)."""

    id = models.BigAutoField(primary_key=True)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    # When it happened: now, unless the change is older than its record (a plan brought in
    # from elsewhere, the demo's history), so the history shows the real date.
    occurred_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=300)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_person = models.BooleanField(default=False)
    with_person = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["plan", "-id"])]

    def __str__(self) -> str:
        return self.what


class Conversation(models.Model):
    """One of the Three Conversations; a crisis (conversation 2) carries an emergency plan."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="conversations"
    )
    kind = models.CharField(max_length=1, choices=ConversationKind.choices)
    held_on = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    emergency_plan = models.TextField(blank=True)
    emergency_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["person", "-held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=ConversationKind.CRISIS)
                | (
                    ~models.Q(emergency_plan="")
                    & models.Q(emergency_worker__isnull=False)
                    & models.Q(review_on__isnull=False)
                ),
                name="crisis_conversation_has_emergency_plan",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class PlanShare(models.Model):
    """The plan given to family or a keyworker, under the person's consent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shares")
    shared_with = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    consent = models.ForeignKey("people.Consent", on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-shared_at"]

    def __str__(self) -> str:
        return f"Shared with {self.shared_with}"
