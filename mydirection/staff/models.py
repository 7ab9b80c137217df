"""Staff, the organisation they work in, and their training in person-centred practice."""

import uuid
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Office(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120, unique=True)
    address = models.TextField(blank=True)
    # The number people on probation call about their appointments: appointment reminders
    # give it (a reply to a GOV.UK Notify text reaches no one).
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["office__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="team_name_unique_in_office")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.office.name}"


class Organisation(models.Model):
    """A partner organisation that delivers interventions (a Time Bank, a social enterprise, a
    women's centre). Its workers are users with the partner worker role, and see only the
    people referred to it (``access.policy.partner_referrals``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120, unique=True)
    # What the organisation does, in a line the case manager and the person can read.
    description = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", "Case manager"
    SENIOR_CASE_MANAGER = "senior_case_manager", "Senior case manager"
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", "Volunteer coordinator"
    VOLUNTEER = "volunteer", "Volunteer or peer mentor"
    PARTNER_WORKER = "partner_worker", "Partner organisation worker"
    EVALUATOR = "evaluator", "Evaluator"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    ADMINISTRATOR = "administrator", "Administrator"
    # A community member of a Time Bank with an account: they see the bank's pages only, and
    # nothing of probation (``access.policy``: ``USE_TIME_BANK``, ``member_of``).
    TIME_BANK_MEMBER = "time_bank_member", "Time Bank member"


# Roles that hold a caseload and so appear in allocation lists.
CASE_HOLDING_ROLES = (Role.CASE_MANAGER, Role.SENIOR_CASE_MANAGER)

# Roles that work for a partner organisation (its referrals are all they see), and only they.
ORGANISATION_ROLES = (Role.PARTNER_WORKER,)


class User(AbstractUser):
    """A member of staff, volunteer or partner worker.

    People on probation are not users of this kind: the portal has its own accounts.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=40, choices=Role.choices, default=Role.CASE_MANAGER)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    # A partner worker's employer: the organisation whose referrals they receive.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="workers"
    )
    job_title = models.CharField(max_length=120, blank=True)
    started_in_role = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def holds_caseload(self) -> bool:
        return self.role in CASE_HOLDING_ROLES

    def clean(self) -> None:
        """A partner worker works for an organisation (the one whose referrals they see);
        nobody else belongs to one."""
        super().clean()
        if self.role in ORGANISATION_ROLES and self.organisation_id is None:
            raise ValidationError(
                {"organisation": "Select the organisation they work for: they see its referrals"}
            )
        if self.role not in ORGANISATION_ROLES and self.organisation_id is not None:
            raise ValidationError(
                {
                    "organisation": "Only a partner organisation worker belongs to an "
                    "organisation: select 'No organisation'"
                }
            )

    if TYPE_CHECKING:
        # Set on each request's user by django-otp's middleware.
        def is_verified(self) -> bool: ...


class TrainingCourse(models.TextChoices):
    PERSON_CENTRED = "person_centred", "Person-centred practice"
    STRENGTHS_BASED = "strengths_based", "Strengths-based working"
    THREE_CONVERSATIONS = "three_conversations", "The Three Conversations"
    COMMUNITY_REPORTING = "community_reporting", "Community Reporting"
    ACTION_LEARNING = "action_learning", "Action Learning Set"


class Training(models.Model):
    """A course a member of staff completed. Trained and untrained practice is compared."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=40, choices=TrainingCourse.choices)
    completed_on = models.DateField()

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "completed_on"], name="training_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_course_display()} ({self.completed_on:%d %b %Y})"
