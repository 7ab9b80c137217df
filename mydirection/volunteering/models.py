"""Volunteers, peer mentors and Life Links circles.

In the pilot, volunteers with lived experience ran inductions and recovery groups, sent
reminder texts from their own phones and helped with reading and writing; Life Links recruited
volunteers but no circle ever met, because no referrals came. Here:

* a **volunteer** applies, gives references and is vetted. A check is recorded as metadata
  (level, certificate number, issue date, update service, decision, who decided), never the
  certificate's content. A **role** in the catalogue declares its check level, its training
  and how often its volunteers are supervised; a role is given only to a volunteer vetted and
  trained for it, and a check above the role's eligibility cannot be requested (it is an
  offence to ask for one). Training, a boundaries agreement, supervision and wellbeing
  check-ins, and out-of-pocket expenses with receipts (an append-only ledger in pence) follow.
* a person on probation's **readiness** to volunteer is discussed with their case manager and
  recorded, on a pathway (taking part, volunteer, peer mentor, paid role); a **suitability**
  decision for a volunteer with lived experience is separate from any check; a peer mentor is
  **matched** with a mentee only after a **conflict check**, whose reasons the volunteer never
  sees.
* group **sessions** (inductions, recovery groups) say which roles they need; volunteers sign
  up and check in, log their **hours**, and the coordinator approves them; an approved entry
  changes only by a request with a reason.
* a **circle** (Life Links) has one focus person who chose it and its purpose, 3 to 6
  volunteers and a coordinator, in support or accountability mode (with an outer circle of
  professionals); meetings with attendance, minutes due within 48 hours, tasks, concerns that
  reach the coordinator at once and are triaged with an outcome, and reviews.

Volunteers read first names only, never risk or offence (``access.policy``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from mydirection.ledger import AppendOnly

# --- The role catalogue ---------------------------------------------------------------------


class CheckLevel(models.IntegerChoices):
    """Criminal record check levels, lowest first (DBS in England and Wales)."""

    NONE = 0, "No check"
    BASIC = 1, "Basic check"
    STANDARD = 2, "Standard check"
    ENHANCED = 3, "Enhanced check"
    ENHANCED_BARRED = 4, "Enhanced check with barred list"


class Course(models.TextChoices):
    INDUCTION = "induction", "Volunteer induction"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    BOUNDARIES = "boundaries", "Boundaries and confidentiality"
    PEER_MENTORING = "peer_mentoring", "Peer mentoring (OCN level 2)"
    CIRCLES = "circles", "Circles of support and accountability"
    GROUP_WORK = "group_work", "Running a group"


class Role(models.Model):
    """A volunteer role in the catalogue: what it takes to be given it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    # The check the role is eligible for and needs: none may be asked above it.
    check_level = models.PositiveSmallIntegerField(choices=CheckLevel.choices)
    # Course values a volunteer must have completed.
    training = models.JSONField(default=list, blank=True)
    # A volunteer in the role is supervised at least this often.
    supervision_days = models.PositiveSmallIntegerField(default=42)
    # A peer mentor role: its volunteers are matched with mentees.
    mentoring = models.BooleanField(default=False)
    # A circle role: its volunteers join Life Links circles.
    circles = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- Volunteers -----------------------------------------------------------------------------


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    VETTING = "vetting", "Being vetted"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    LEFT = "left", "Left"


class Volunteer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The office they volunteer with: its coordinators recruit, vet and support them.
    office = models.ForeignKey("staff.Office", on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    # How they sign in: a staff-style account with a second factor, or, for a person on
    # probation who volunteers (lived experience), their own app with its code and PIN.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer",
    )
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer",
    )
    # Lived experience of the justice system (which a person on probation always has): the
    # suitability decision applies.
    lived_experience = models.BooleanField(default=False)
    # In their own words: why they volunteer, when they are free.
    motivation = models.TextField(blank=True)
    availability = models.CharField(max_length=200, blank=True)
    applied_on = models.DateField()
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.APPLIED)
    # Why they are on hold or left, and until when a hold lasts.
    stage_reason = models.TextField(blank=True)
    on_hold_until = models.DateField(null=True, blank=True)
    boundaries_agreed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(user__isnull=True),
                name="volunteer_one_account",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(lived_experience=True),
                name="volunteer_person_has_lived_experience",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Reference(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="references")
    referee = models.CharField(max_length=120)
    relationship = models.CharField(max_length=120)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    # None until received.
    satisfactory = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_on"]

    def __str__(self) -> str:
        return f"Reference from {self.referee}"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting for the certificate"
    CLEAR = "clear", "Cleared for the role"
    NOT_CLEAR = "not_clear", "Not cleared for the role"


class Check(models.Model):
    """A criminal record check's metadata. The certificate's content is never recorded: the
    coordinator sees the certificate, decides, and records the decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="checks")
    # The role it was asked for: its level may not exceed the role's.
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=CheckLevel.choices)
    requested_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    certificate_number = models.CharField(max_length=20, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    # On the DBS update service: the certificate can be rechecked online.
    update_service = models.BooleanField(default=False)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_on"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} for {self.role_id}"


class SuitabilityDecision(models.TextChoices):
    SUITABLE = "suitable", "Suitable"
    NOT_YET = "not_yet", "Not yet"
    NOT_SUITABLE = "not_suitable", "Not suitable"


class Suitability(models.Model):
    """For a volunteer with lived experience: a decision on the role's risks (when and what,
    the role, a realistic opportunity to offend, the supervision), separate from any check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="suitability_decisions"
    )
    decision = models.CharField(max_length=12, choices=SuitabilityDecision.choices)
    # What was weighed, for the coordinator and the case manager only.
    factors = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()

    class Meta:
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_on:%d %b %Y})"


class TrainingRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=20, choices=Course.choices)
    completed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "course", "completed_on"], name="volunteer_course_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_course_display()} ({self.completed_on:%d %b %Y})"


class Placement(models.Model):
    """A role given to a volunteer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="placements")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="placements")
    starts_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "role"],
                condition=Q(ended_on__isnull=True),
                name="volunteer_role_once_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} from {self.starts_on:%d %b %Y}"


class SupervisionKind(models.TextChoices):
    SUPERVISION = "supervision", "Supervision"
    WELLBEING = "wellbeing", "Wellbeing check-in"


class Supervision(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="supervisions")
    kind = models.CharField(max_length=12, choices=SupervisionKind.choices)
    held_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # How they are doing, 1 (struggling) to 5 (very well): the coordinator follows up a 1 or 2.
    wellbeing = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wellbeing__isnull=True) | Q(wellbeing__gte=1, wellbeing__lte=5),
                name="supervision_wellbeing_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held_on:%d %b %Y})"


# --- Expenses: out of pocket only, in an append-only ledger ---------------------------------


class ExpenseStatus(models.TextChoices):
    CLAIMED = "claimed", "Waiting for a decision"
    APPROVED = "approved", "Approved, to pay"
    PAID = "paid", "Paid"
    DECLINED = "declined", "Declined"


class Expense(models.Model):
    """An out-of-pocket cost a volunteer claims back, with its receipt. Volunteers are never
    paid beyond their costs: that keeps them volunteers (and their checks free)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="expenses")
    spent_on = models.DateField()
    what = models.CharField(max_length=200)
    amount = models.PositiveIntegerField()  # pence
    receipt = models.ForeignKey(
        "uploads.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.CLAIMED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-spent_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.what} ({self.spent_on:%d %b %Y})"


class ExpenseAccount(models.TextChoices):
    # The programme's expenses budget: its balance is minus all it has paid out.
    COST = "cost", "Volunteer expenses"
    # Approved and not yet paid: owed to one volunteer (``Entry.volunteer``).
    OWED = "owed", "Owed to the volunteer"
    PAID = "paid", "Paid to the volunteer"


class ExpenseMovement(AppendOnly):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, related_name="movements")
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Expense movement {self.pk}"


class ExpenseEntry(AppendOnly):
    id = models.BigAutoField(primary_key=True)
    movement = models.ForeignKey(ExpenseMovement, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=10, choices=ExpenseAccount.choices)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    amount = models.IntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="expense_entry_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"


# --- Peer mentors ---------------------------------------------------------------------------


class Pathway(models.IntegerChoices):
    """Where a person stands on the way from taking part to a paid role."""

    TAKING_PART = 1, "Taking part"
    VOLUNTEER = 2, "Volunteer"
    PEER_MENTOR = 3, "Peer mentor"
    PAID_ROLE = 4, "Paid role"


class ReadinessOutcome(models.TextChoices):
    READY = "ready", "Ready to volunteer"
    NOT_YET = "not_yet", "Not yet"


class Readiness(models.Model):
    """A person on probation's readiness to volunteer, discussed with their case manager."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="volunteering_readiness"
    )
    discussed_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stability = models.TextField("How settled life is")
    # Time since the order or left on it, as it stood that day.
    order_position = models.CharField(max_length=200)
    training = models.TextField("Training done or wanted", blank=True)
    wants = models.TextField("What they want from volunteering")
    pathway = models.PositiveSmallIntegerField(choices=Pathway.choices)
    outcome = models.CharField(max_length=10, choices=ReadinessOutcome.choices)
    review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-discussed_on"]

    def __str__(self) -> str:
        return f"Readiness ({self.discussed_on:%d %b %Y})"


class ConflictCheck(models.Model):
    """Before a peer mentor meets a mentee: each question answered by the coordinator, and the
    caseload rule checked by the system. The answers never reach the volunteer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    mentee = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    co_defendant = models.BooleanField()
    victim = models.BooleanField()
    family = models.BooleanField()
    known_associate = models.BooleanField()
    # Worked out by the system: the mentor is still supervised on the mentee's caseload.
    same_caseload = models.BooleanField()
    clear = models.BooleanField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return "Clear" if self.clear else "Not clear"


class Match(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="matches")
    mentee = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="peer_mentor_matches"
    )
    conflict_check = models.OneToOneField(
        ConflictCheck, on_delete=models.PROTECT, related_name="match"
    )
    starts_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(ended_on__isnull=True),
                name="match_once_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"Match from {self.starts_on:%d %b %Y}"


# --- Sessions and hours ---------------------------------------------------------------------


class Session(models.Model):
    """A group session volunteers help run (an induction, a recovery group): one of a weekly
    series (``series``, the first session's id) or on its own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_sessions",
    )
    office = models.ForeignKey("staff.Office", on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    series = models.UUIDField(null=True, blank=True, db_index=True)
    cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_at:%d %b %Y %H:%M})"


class Need(models.Model):
    """How many volunteers in a role a session needs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="needs")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "role"], name="need_once_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.count} in role {self.role_id}"


class Shift(models.Model):
    """A volunteer signed up to a session in a role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="shifts")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="shifts")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    signed_up_at = models.DateTimeField(auto_now_add=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "volunteer"],
                condition=Q(withdrawn_at__isnull=True),
                name="shift_once_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"Shift {self.pk}"


class HoursStatus(models.TextChoices):
    LOGGED = "logged", "Waiting for approval"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Not approved"


class Hours(models.Model):
    """Time a volunteer gave, logged by them and approved by the coordinator. Once approved it
    changes only through an ``HoursChange`` with a reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="hours")
    shift = models.OneToOneField(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="hours"
    )
    on = models.DateField()
    minutes = models.PositiveIntegerField()
    what = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=HoursStatus.choices, default=HoursStatus.LOGGED
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-on"]
        verbose_name_plural = "hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0, minutes__lte=24 * 60), name="hours_within_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} minutes on {self.on:%d %b %Y}"


class ChangeStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class HoursChange(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hours = models.ForeignKey(Hours, on_delete=models.PROTECT, related_name="changes")
    minutes = models.PositiveIntegerField()
    what = models.CharField(max_length=200)
    reason = models.TextField()
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.REQUESTED
    )
    # The entry as it was, kept when the change is accepted.
    was_minutes = models.PositiveIntegerField(null=True, blank=True)
    was_what = models.CharField(max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Change to {self.minutes} minutes"


# --- Life Links circles ---------------------------------------------------------------------


class Mode(models.TextChoices):
    SUPPORT = "support", "Support (a community circle)"
    ACCOUNTABILITY = "accountability", "Support and accountability (with an outer circle)"


class CircleStatus(models.TextChoices):
    FORMING = "forming", "Forming"
    MEETING = "meeting", "Meeting"
    ENDED = "ended", "Ended"


class Circle(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The office whose coordinators run it.
    office = models.ForeignKey("staff.Office", on_delete=models.PROTECT, related_name="+")
    # The focus person, who chose to have a circle and chose its purpose.
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="circles")
    referral = models.OneToOneField(
        "interventions.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="circle",
    )
    chosen_on = models.DateField()
    # In the focus person's words.
    purpose = models.TextField()
    mode = models.CharField(max_length=15, choices=Mode.choices)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="circles_coordinated"
    )
    status = models.CharField(
        max_length=10, choices=CircleStatus.choices, default=CircleStatus.FORMING
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-chosen_on"]

    def __str__(self) -> str:
        return f"Circle from {self.chosen_on:%d %b %Y}"


class CircleVolunteer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="circles")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "volunteer"],
                condition=Q(left_on__isnull=True),
                name="circle_volunteer_once",
            )
        ]

    def __str__(self) -> str:
        return f"Circle member from {self.joined_on:%d %b %Y}"


class OuterMember(models.Model):
    """A professional in an accountability circle's outer circle (police, probation,
    housing): they receive the minutes and come to the reviews."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="outer")
    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120)
    role = models.CharField(max_length=120)

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.PROTECT, related_name="meetings")
    held_at = models.DateTimeField()
    person_attended = models.BooleanField()
    attended = models.ManyToManyField(Volunteer, blank=True, related_name="+")
    recorded_by = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    # Due within 48 hours of the meeting (``rules.minutes_due``).
    minutes = models.TextField(blank=True)
    minutes_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"Meeting on {self.held_at:%d %b %Y}"


class Task(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.PROTECT, related_name="tasks")
    what = models.CharField(max_length=200)
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "due_on"]

    def __str__(self) -> str:
        return self.what


class ConcernOutcome(models.TextChoices):
    NO_ACTION = "no_action", "No further action"
    TALKED_WITH_VOLUNTEER = "talked", "Talked it through with the volunteer"
    CASE_MANAGER = "case_manager", "Passed to the case manager"
    SAFEGUARDING = "safeguarding", "Safeguarding referral made"
    EMERGENCY = "emergency", "Emergency services called"


class Concern(models.Model):
    """A volunteer's worry about a circle's focus person or a session: the coordinator sees it
    at once and triages it with an outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(
        Circle, on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    raised_by = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    what = models.TextField()
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=ConcernOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(circle__isnull=False) | Q(session__isnull=False),
                name="concern_about_a_circle_or_session",
            )
        ]

    def __str__(self) -> str:
        return f"Concern raised {self.raised_at:%d %b %Y}"


class ReviewKind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly review"
    END = "end", "End-of-circle review"


class Review(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=10, choices=ReviewKind.choices)
    held_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the focus person said, what went well, what changes.
    notes = models.TextField()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held_on:%d %b %Y})"
