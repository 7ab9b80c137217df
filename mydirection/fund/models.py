"""The Enabling Fund: a personal budget for goods and services no other route provides.

The pilot's fund was cut and withdrawn, and its pre-paid card dropped, because its governance
could not be set up. Here the governance is the software: a pot (``Fund``) has a total for a
period and its rules (approval limits by level, a limit per person, which categories need a
senior, the approved providers); a ``Request`` is linked to a goal in the person's plan and
decided by someone whose level covers it; and the money lives in an append-only double-entry
ledger in integer pence (``Movement`` and its ``Entry`` rows, ``mydirection.ledger``) from
which every balance is derived.

The ledger's accounts, for one pot:

* ``source``: where the money came from; its balance is minus everything put in the pot;
* ``available``: not yet promised to anyone, never below zero;
* ``committed`` (one per request): approved and not yet paid or released;
* ``spent``: paid out.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from mydirection.ledger import AppendOnly


class Category(models.TextChoices):
    ACCOMMODATION = "accommodation", "Accommodation"
    FOOD = "food", "Food"
    CLOTHING = "clothing", "Clothing"
    TRAVEL = "travel", "Travel"
    TRAINING = "training", "Training and education"
    ID_DOCUMENTS = "id_documents", "ID documents"
    PHONE = "phone", "Phone and data"
    WORK_EQUIPMENT = "work_equipment", "Work equipment"
    OTHER = "other", "Something else"


class CategoryRule(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    SENIOR = "senior", "Needs a senior case manager"
    NOT_ALLOWED = "not_allowed", "Not allowed"


class Level(models.IntegerChoices):
    """Who may approve a request: a higher level may approve anything a lower one may."""

    CASE_MANAGER = 1, "Case manager"
    SENIOR = 2, "Senior case manager"
    PROGRAMME_MANAGER = 3, "Programme manager"


def default_category_rules() -> dict[str, str]:
    return {Category.OTHER.value: CategoryRule.SENIOR.value}


class Fund(models.Model):
    """A pot of money for an office (or, with no office, the whole programme) for a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    office = models.ForeignKey(
        "staff.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Approval limits in pence: up to ``case_manager_limit`` the case manager may approve, up
    # to ``senior_limit`` a senior case manager, above it the programme manager.
    case_manager_limit = models.PositiveIntegerField(default=5000)
    senior_limit = models.PositiveIntegerField(default=15000)
    # What one person may be given from this pot over its period, in pence.
    person_limit = models.PositiveIntegerField(default=15000)
    # Category value -> CategoryRule value; a category not named is allowed.
    category_rules = models.JSONField(default=default_category_rules, blank=True)
    # Days after a purchase order or voucher by which the receipt is due.
    receipt_days = models.PositiveSmallIntegerField(default=14)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="fund_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(case_manager_limit__gt=0)
                & Q(senior_limit__gte=models.F("case_manager_limit"))
                & Q(person_limit__gt=0),
                name="fund_limits_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def rule_for(self, category: str) -> CategoryRule:
        return CategoryRule(self.category_rules.get(category, CategoryRule.ALLOWED.value))


class Provider(models.Model):
    """A shop or service the fund pays or reimburses (the pilot's restricted-spend idea,
    without a card): a request names one of these, never a shop typed in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="providers")
    name = models.CharField(max_length=120)
    # What it sells, in plain words, so the person can choose.
    sells = models.CharField("What they sell", max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="fund_provider_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    WAITING = "waiting", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class PaymentMethod(models.TextChoices):
    PURCHASE_ORDER = "purchase_order", "Purchase order to the provider"
    VOUCHER = "voucher", "Voucher for the provider"
    REIMBURSEMENT = "reimbursement", "Paying the person back against a receipt"


# What the person reads when a pot closes with their request still waiting.
FUND_CLOSED_REASON = "The fund closed before your request was decided."


class Request(models.Model):
    """A request for money for one goal in the person's plan, in their words."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="requests")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="fund_requests"
    )
    goal = models.ForeignKey("plans.Goal", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=Category.choices)
    amount = models.PositiveIntegerField("Amount in pence")
    what_for = models.TextField("What it is for")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="requests")
    # Who asked: the case manager (with the person) or the person from their app.
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asked_by_person = models.BooleanField(default=False)
    asked_at = models.DateTimeField()
    # Who must decide it (``rules.required_level`` when it was asked).
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why it was declined or cancelled, in words the person reads.
    reason = models.TextField(blank=True)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    paid_amount = models.PositiveIntegerField(null=True, blank=True)
    payment_reference = models.CharField(max_length=60, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The receipt (a photo or PDF, through ``mydirection.uploads``), and while it is still to
    # come, the day it is due (chased on the pot's page and the person's after it).
    receipt = models.ForeignKey(
        "uploads.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receipt_due_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["fund", "status"]),
            models.Index(fields=["person", "asked_at"]),
            models.Index(fields=["status", "level"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_request_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True)
                | (Q(paid_amount__gt=0) & Q(paid_amount__lte=models.F("amount"))),
                name="fund_request_paid_within_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "cancelled"]) | ~Q(reason=""),
                name="fund_request_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(asked_by__isnull=False) | Q(asked_by_person=True),
                name="fund_request_has_asker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.what_for[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.WAITING, Status.APPROVED)


class Account(models.TextChoices):
    SOURCE = "source", "Money given to the fund"
    AVAILABLE = "available", "Available"
    COMMITTED = "committed", "Committed to a request"
    SPENT = "spent", "Spent"


class MovementKind(models.TextChoices):
    FUNDED = "funded", "Money added to the fund"
    CUT = "cut", "Money taken from the fund"
    COMMITTED = "committed", "Approved"
    PAID = "paid", "Paid"
    RELEASED = "released", "Released"
    CLOSED = "closed", "Returned when the fund closed"


class Movement(AppendOnly):
    """One ledger transaction: its entries sum to zero."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=10, choices=MovementKind.choices)
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    note = models.TextField(blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["fund", "at"])]


class Entry(AppendOnly):
    """One leg of a movement: a signed amount in pence on one account of one pot."""

    id = models.BigAutoField(primary_key=True)
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="entries")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    account = models.CharField(max_length=10, choices=Account.choices)
    # The request a ``committed`` entry (and a request's spend and release) belongs to.
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["fund", "account"]),
            models.Index(fields=["request", "account"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="fund_entry_not_zero"),
            models.CheckConstraint(
                condition=~Q(account="committed") | Q(request__isnull=False),
                name="fund_entry_commitment_has_request",
            ),
        ]
