"""The Time Bank: members give and receive time, an hour for an hour, whatever the skill.

A Time Bank is a partner organisation (``staff.Organisation``) run by its coordinators
(partner workers). Its members are people on probation (referred and accepted), volunteers and
people from the community, and all appear alike: a member has a first name, skills and a
profile in their own words, and nothing says how they came to the bank. A member may have
*conditions* (the case manager's suitability decision for a person on probation, or the
coordinator's for anyone): exchanges that break one are refused with a plain message, and the
coordinator sees the condition, never its reason.

Time credits live in an append-only double-entry ledger in whole minutes (``Transfer`` and its
``Posting`` rows, ``mydirection.ledger``): every transfer's postings sum to zero, the bank's
own account issues starter credits, and a balance is the sum of a member's postings. Credits
are never money and never count towards unpaid work hours.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from mydirection.interventions.models import Condition
from mydirection.ledger import AppendOnly


class TimeBank(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        "staff.Organisation", on_delete=models.PROTECT, related_name="time_bank"
    )
    # Where it works, in words members read ("Hull and the East Riding").
    area = models.CharField(max_length=120, blank=True)
    # Credits a new member starts with, from the bank's own account.
    starter_minutes = models.PositiveIntegerField(default=120)
    # How far below zero a member may go: past ``soft_floor`` they are flagged for the
    # coordinator; ``hard_floor`` refuses the exchange. Minutes, zero or negative.
    soft_floor = models.IntegerField(default=-300)
    hard_floor = models.IntegerField(default=-600)
    # Listings expire after this many days unless renewed.
    listing_days = models.PositiveSmallIntegerField(default=90)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hard_floor__lte=models.F("soft_floor")) & Q(soft_floor__lte=0),
                name="timebank_floors_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name


class MemberKind(models.TextChoices):
    """How a member came to the bank: for the coordinator's and the evaluation's counts only;
    no other member ever reads it."""

    COMMUNITY = "community", "Community member"
    VOLUNTEER = "volunteer", "Volunteer"
    REFERRED = "referred", "Referred by a partner"


class Member(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bank = models.ForeignKey(TimeBank, on_delete=models.PROTECT, related_name="members")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=MemberKind.choices)
    # What other members see: a first name and the initial of the surname.
    first_name = models.CharField(max_length=60)
    last_initial = models.CharField(max_length=1, blank=True)
    # Exactly one of these for a member with an account: a person on probation uses their
    # app; a volunteer or community member with an account signs in as a user. A member with
    # neither takes part through the coordinator (paper time banking).
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_bank_member",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_bank_member",
    )
    # The referral that brought a person on probation (the coordinator sees only that a
    # partner referred them).
    referral = models.OneToOneField(
        "interventions.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_bank_member",
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    # In their own words.
    profile = models.TextField(blank=True)
    availability = models.CharField(max_length=200, blank=True)
    area = models.CharField(max_length=120, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    no_contact_with = models.ManyToManyField("self", blank=True, symmetrical=True)
    # Overrides the bank's hard floor (None: the bank's).
    hard_floor = models.IntegerField(null=True, blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["first_name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "number"], name="timebank_member_number"),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(user__isnull=True),
                name="timebank_member_one_account",
            ),
            models.CheckConstraint(
                condition=Q(hard_floor__isnull=True) | Q(hard_floor__lte=0),
                name="timebank_member_floor_not_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What other members read."""
        return f"{self.first_name} {self.last_initial}".strip()

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    def has(self, condition: Condition) -> bool:
        return condition.value in self.conditions


class Skill(models.TextChoices):
    GARDENING = "gardening", "Gardening"
    DIY = "diy", "DIY and repairs"
    DECORATING = "decorating", "Painting and decorating"
    SEWING = "sewing", "Sewing and dressmaking"
    MUSIC = "music", "Music"
    WELLBEING = "wellbeing", "Exercise and wellbeing"
    COOKING = "cooking", "Cooking"
    COMPUTERS = "computers", "Computers and phones"
    ERRANDS = "errands", "Lifts and errands"
    COMPANY = "company", "Company and conversation"
    TEACHING = "teaching", "Teaching and learning"
    OTHER = "other", "Something else"


class Place(models.TextChoices):
    HOME = "home", "In someone's home"
    PUBLIC = "public", "In a public place"
    HUB = "hub", "At the Time Bank"
    ONLINE = "online", "Online or by phone"


class ListingKind(models.TextChoices):
    OFFER = "offer", "Offer"
    REQUEST = "request", "Request"


class Listing(models.Model):
    """Something a member offers or asks for."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="listings")
    kind = models.CharField(max_length=10, choices=ListingKind.choices)
    skill = models.CharField(max_length=20, choices=Skill.choices)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # A group activity (a painting session, a gardening group) rather than one-to-one.
    is_group = models.BooleanField(default=False)
    place = models.CharField(max_length=10, choices=Place.choices)
    area = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField()
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "skill", "expires_on"])]

    def __str__(self) -> str:
        return self.title


class ExchangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Agreed"
    DONE = "done", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"


class Exchange(models.Model):
    """Time given by one member (the giver, or a group's facilitator) to one or more others.
    Credits move when every party has confirmed it, or the coordinator has recorded it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bank = models.ForeignKey(TimeBank, on_delete=models.PROTECT, related_name="exchanges")
    listing = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="exchanges"
    )
    giver = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="given")
    receivers = models.ManyToManyField(Member, through="Party", related_name="received")
    skill = models.CharField(max_length=20, choices=Skill.choices)
    description = models.CharField(max_length=200)
    is_group = models.BooleanField(default=False)
    place = models.CharField(max_length=10, choices=Place.choices)
    involves_children = models.BooleanField(default=False)
    happens_on = models.DateField()
    # Time each receiver receives (and pays), in minutes.
    minutes = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    giver_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The coordinator who recorded it for members without phones (TimeOverflow's operator).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A plan step this exchange completes (giving back counts on the plan).
    step = models.ForeignKey(
        "plans.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-happens_on"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="timebank_exchange_minutes")
        ]

    def __str__(self) -> str:
        return self.description


class Party(models.Model):
    """A receiver of an exchange, and their confirmation."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="parties")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exchange", "member"], name="timebank_party_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.exchange}"


class TransferKind(models.TextChoices):
    STARTER = "starter", "Starter credits"
    EXCHANGE = "exchange", "Exchange"
    CORRECTION = "correction", "Correction"


class Transfer(AppendOnly):
    """One ledger transaction of a bank: its postings sum to zero."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bank = models.ForeignKey(TimeBank, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=12, choices=TransferKind.choices)
    exchange = models.OneToOneField(
        Exchange, on_delete=models.PROTECT, null=True, blank=True, related_name="transfer"
    )
    note = models.CharField(max_length=200, blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]


class Posting(AppendOnly):
    """One leg of a transfer: minutes on a member's account, or on the bank's own (member
    None)."""

    id = models.BigAutoField(primary_key=True)
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="postings")
    bank = models.ForeignKey(TimeBank, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="postings"
    )
    minutes = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["bank", "member"])]
        constraints = [
            models.CheckConstraint(condition=~Q(minutes=0), name="timebank_posting_not_zero")
        ]
