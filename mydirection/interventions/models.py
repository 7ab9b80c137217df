"""The catalogue of interventions, and referrals to them.

The pilot's interventions failed for lack of referrals: case managers did not know what
existed, judged people unsuitable without a record, and partners had no safe way in. So an
intervention says what it offers in plain words and whether it is open; a referral records the
suitability decision and its reason even when nobody is referred; and a partner organisation
sees a referral only while it is open, and only what the person agreed to share
(``Referral.shared``, read through ``access.policy``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    ENABLING_FUND = "enabling_fund", "Enabling Fund"
    TIME_BANK = "time_bank", "Time Bank"
    LIFE_LINKS = "life_links", "Life Links circle"
    PEER_MENTORING = "peer_mentoring", "Peer mentoring"
    LIFE_COACHING = "life_coaching", "Life coaching and work experience"
    SMALL_GROUP = "small_group", "Self-organised small group"
    RECOVERY_GROUP = "recovery_group", "Recovery group"
    WOMENS_CENTRE = "womens_centre", "Women's centre"
    OTHER = "other", "Something else"


class Availability(models.TextChoices):
    OPEN = "open", "Open"
    PAUSED = "paused", "Paused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Intervention(models.Model):
    """Something an office offers people on probation, run by the service itself or by a
    partner organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey("staff.Office", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # None: run by the probation service itself (the Enabling Fund, in-house groups).
    provider = models.ForeignKey(
        "staff.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
    )
    # What it offers, in plain words the person reads in their app.
    offer = models.TextField("What it offers")
    eligibility = models.TextField("Who it is for", blank=True)
    # People it can work with at once (open referrals); None: no limit.
    capacity = models.PositiveIntegerField(null=True, blank=True)
    availability = models.CharField(
        max_length=10, choices=Availability.choices, default=Availability.OPEN
    )
    # Why it is paused or withdrawn, and until when a pause lasts (None: until further notice).
    availability_reason = models.TextField(blank=True)
    paused_until = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    # Volunteers who help run it (a recovery group, a small group): they see the first names
    # of the people taking part, and nothing else (``access.policy.volunteer_referrals``).
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="interventions_helped"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["office__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"], name="intervention_name_unique_in_office"
            ),
            models.CheckConstraint(
                condition=Q(availability="withdrawn", withdrawn_on__isnull=False)
                | (~Q(availability="withdrawn") & Q(withdrawn_on__isnull=True)),
                name="intervention_withdrawn_on_when_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def provider_name(self) -> str:
        return self.provider.name if self.provider is not None else "The probation service"

    @property
    def is_open(self) -> bool:
        return self.availability == Availability.OPEN


class Suitability(models.TextChoices):
    SUITABLE = "suitable", "Suitable"
    NOT_NOW = "not_now", "Not suitable now"
    NOT_SUITABLE = "not_suitable", "Not suitable"


class Reason(models.TextChoices):
    """Why someone was not referred (the pilot's finding: risk and timing kept people out)."""

    RISK = "risk", "Risk"
    TIMING = "timing", "Timing in the sentence"
    DECLINED = "declined", "The person declined"
    CAPACITY = "capacity", "No places"
    OTHER = "other", "Another reason"


class Status(models.TextChoices):
    NOT_REFERRED = "not_referred", "Not referred"
    SENT = "sent", "Waiting for the provider"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined by the provider"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Referrals still in progress: the provider sees them, they count against capacity, and a
# second referral to the same intervention is refused.
OPEN_STATUSES = (Status.SENT, Status.ACCEPTED, Status.STARTED)


class Shared(models.TextChoices):
    """What a referral may share with the provider: each item only if the person agreed
    (``Referral.shares_<item>``; the name goes with every referral)."""

    NAME = "name", "Their name"
    CONTACT = "contact", "Their phone number and email address"
    GOAL = "goal", "The goal in their plan this is for"
    NOTE = "note", "What the case manager wrote for the provider"
    AVAILABILITY = "availability", "When they can take part"


class Condition(models.TextChoices):
    """Limits on how a person takes part, set with the suitability decision and read by the
    provider as conditions, never with their reasons (Can Do Bristol's "limitations on
    involvement"; Timebank South West's group activities first). The Time Bank enforces them
    on every exchange; any member may have them, so they say nothing of probation."""

    PUBLIC_PLACES_ONLY = "public_places_only", "Group activities and public places only"
    GROUP_ONLY = "group_only", "Group activities only"
    NO_CHILDREN = "no_children", "Not with children"
    NO_CONTACT = "no_contact", "No contact with named people"


class EndReason(models.TextChoices):
    """Why a referral ended before completion, or was withdrawn."""

    PERSON_STOPPED = "person_stopped", "The person stopped coming"
    PERSON_CHANGED_MIND = "person_changed_mind", "The person changed their mind"
    CIRCUMSTANCES = "circumstances", "Their circumstances changed"
    SENTENCE_ENDED = "sentence_ended", "Their sentence ended"
    BREACH = "breach", "Breach or recall"
    INTERVENTION_STOPPED = "intervention_stopped", "The intervention stopped"
    CONSENT_WITHDRAWN = "consent_withdrawn", "They withdrew their consent"
    OTHER = "other", "Another reason"


class Referral(models.Model):
    """One suitability decision about a person and an intervention, and, if they were
    referred, the referral's journey with the provider."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="referrals"
    )
    # The plan goal and step it serves ("who does it": the Time Bank, a life coach).
    goal = models.ForeignKey(
        "plans.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    step = models.ForeignKey(
        "plans.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    suitability = models.CharField(max_length=20, choices=Suitability.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    reason_detail = models.TextField(blank=True)
    # The day the person agreed to share their name with the provider, and which of the
    # rest they agreed to share (None and nothing for a decision not to refer).
    consent_given_on = models.DateField(null=True, blank=True)
    shares_contact = models.BooleanField(default=False)
    shares_goal = models.BooleanField(default=False)
    shares_note = models.BooleanField(default=False)
    shares_availability = models.BooleanField(default=False)
    note_for_provider = models.TextField(blank=True)
    # Conditions the provider must respect (``Condition`` values), and for ``no_contact`` the
    # names of the people concerned: shared with every referral, never the reasons.
    conditions = models.JSONField(default=list, blank=True)
    keep_apart_from = models.CharField(max_length=300, blank=True)
    availability_note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    # Why the provider declined, or what ended it (free text beside ``end_reason``).
    status_note = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    # The person's "I am interested" this answers, if any.
    interest = models.OneToOneField(
        "interventions.Interest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referral",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_at"]
        indexes = [
            models.Index(fields=["intervention", "status"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["decided_at"]),
        ]
        constraints = [
            # Never two open referrals of one person to one intervention, even when two
            # case managers press "Refer" at once.
            models.UniqueConstraint(
                fields=["person", "intervention"],
                condition=Q(status__in=["sent", "accepted", "started"]),
                name="referral_one_open_per_intervention",
            ),
            # Nobody is referred without their consent.
            models.CheckConstraint(
                condition=Q(status="not_referred") | Q(consent_given_on__isnull=False),
                name="referral_needs_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_referred") | ~Q(suitability="suitable"),
                name="referral_not_referred_was_unsuitable",
            ),
            models.CheckConstraint(
                condition=Q(suitability="suitable") | ~Q(reason=""),
                name="referral_unsuitable_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def shares(self, item: Shared) -> bool:
        """Did the person agree to share ``item``? (Their name goes with every referral.)"""
        if self.consent_given_on is None:
            return False
        return item is Shared.NAME or bool(getattr(self, f"shares_{item.value}"))

    @property
    def shared_items(self) -> list[Shared]:
        return [item for item in Shared if self.shares(item)]


class ReferralEvent(models.Model):
    """The referral's history, one line per change, never edited (for the record page and the
    monitoring by month)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField()
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    by_person = models.BooleanField(default=False)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.at:%d %b %Y})"


class SessionRecord(models.Model):
    """A session of the intervention the provider recorded for a referral."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField()
    attended = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "on"], name="session_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.on:%d %b %Y}: {'attended' if self.attended else 'did not attend'}"


class Interest(models.Model):
    """The person said, in their app, that an intervention interests them: their case manager
    sees it until they answer it (with a referral or a decision)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="interests")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="interests"
    )
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "intervention"],
                condition=Q(answered_at__isnull=True),
                name="interest_once_until_answered",
            )
        ]

    def __str__(self) -> str:
        return f"Interested in {self.intervention}"
