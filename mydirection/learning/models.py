"""Staff learning (issue 15, item 6): training days, Action Learning Sets and each member's
private reflective log.

* A ``TrainingDay`` is a course of the catalogue (``staff.TrainingCourse``) on a date at a
  place, with a facilitator and the staff invited (``Attendee``). Recording someone as having
  attended also records the course as their training (``staff.Training``): the monitoring's
  trained and untrained case managers read that.
* An ``ActionLearningSet`` is 4 to 8 members with a facilitator, forming, active or closed;
  its ``SetMeeting`` rows say who came (``present``).
* A ``LogEntry`` is one member's reflection. Only its author ever reads it: no organiser,
  administrator or data protection officer page shows it (``rules.may_read_entry``).

Nothing here is about a person on probation: entries must not name anyone (the form says so).
"""

import uuid

from django.db import models

from mydirection.staff.models import Office, TrainingCourse, User


class TrainingDay(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="training_days")
    course = models.CharField(max_length=40, choices=TrainingCourse.choices)
    held_on = models.DateField()
    place = models.CharField(max_length=200)
    facilitator = models.CharField(max_length=120)
    organised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "course"]

    def __str__(self) -> str:
        return f"{self.get_course_display()}, {self.held_on.day} {self.held_on:%B %Y}"


class Attendee(models.Model):
    """A member of staff invited to a training day; ``attended`` None: not recorded yet."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    day = models.ForeignKey(TrainingDay, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training_days")
    attended = models.BooleanField(null=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["day", "user"], name="attendee_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} at {self.day}"


class SetStatus(models.TextChoices):
    FORMING = "forming", "Forming"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ActionLearningSet(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="learning_sets")
    name = models.CharField(max_length=120)
    facilitator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(User, related_name="learning_sets")
    status = models.CharField(max_length=10, choices=SetStatus.choices, default=SetStatus.FORMING)
    organised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SetMeeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learning_set = models.ForeignKey(
        ActionLearningSet, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField()
    # The members who came; the others did not.
    present = models.ManyToManyField(User, related_name="+", blank=True)

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["learning_set", "held_on"], name="set_meeting_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.learning_set}, {self.held_on.day} {self.held_on:%B %Y}"


class LogEntry(models.Model):
    """A reflective log entry: its author's alone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="log_entries")
    written_on = models.DateField()
    training_day = models.ForeignKey(
        TrainingDay, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    learning_set = models.ForeignKey(
        ActionLearningSet, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    what_happened = models.TextField()
    what_i_learnt = models.TextField(blank=True)
    do_differently = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-created_at"]

    def __str__(self) -> str:
        # Never the entry's words: it is shown to its author only, on its own page.
        return f"Reflective log entry, {self.written_on.day} {self.written_on:%B %Y}"
