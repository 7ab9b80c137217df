"""People on probation, their orders and requirements, and their consents.

Every field here is classified in ``mydirection.classification`` (personal, special
category, criminal offence, ...). A test fails when a field is added without a class.
"""

import re
import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    NOT_STATED = "not_stated", "Prefers not to say"


class Ethnicity(models.TextChoices):
    """The 2021 Census categories for England and Wales."""

    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY = "white_gypsy", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_wbc", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_wba", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "mixed_wa", "Mixed: White and Asian"
    MIXED_OTHER = "mixed_other", "Mixed: any other mixed or multiple background"
    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black or Black British: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black or Black British: Caribbean"
    BLACK_OTHER = "black_other", "Black or Black British: any other Black background"
    ARAB = "arab", "Other ethnic group: Arab"
    OTHER = "other", "Other ethnic group: any other ethnic group"
    NOT_STATED = "not_stated", "Prefers not to say"


class ContactPreference(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    POST = "post", "Letter"


class Accommodation(models.TextChoices):
    SETTLED = "settled", "Settled"
    UNSETTLED = "unsettled", "Unsettled (temporary or at risk)"
    HOMELESS = "homeless", "No fixed abode"
    APPROVED_PREMISES = "approved_premises", "Approved premises"


UNSETTLED_ACCOMMODATION = (
    Accommodation.UNSETTLED,
    Accommodation.HOMELESS,
    Accommodation.APPROVED_PREMISES,
)


class Employment(models.TextChoices):
    EMPLOYED = "employed", "Employed"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    UNEMPLOYED = "unemployed", "Unemployed"
    NOT_AVAILABLE = "not_available", "Not available for work"
    EDUCATION = "education", "In education or training"
    RETIRED = "retired", "Retired"


class OffenceCategory(models.TextChoices):
    VIOLENCE = "violence", "Violence against the person"
    THEFT = "theft", "Theft"
    PUBLIC_ORDER = "public_order", "Public order"
    DRUGS = "drugs", "Drug offences"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage and arson"
    BURGLARY = "burglary", "Burglary"
    ROBBERY = "robbery", "Robbery"
    FRAUD = "fraud", "Fraud"
    MOTORING = "motoring", "Motoring offences"
    WEAPONS = "weapons", "Possession of weapons"
    SEXUAL = "sexual", "Sexual offences"
    OTHER = "other", "Other"


class RiskLevel(models.TextChoices):
    """Risk of serious harm (RoSH)."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


case_reference_validator = RegexValidator(
    r"^[A-Z][0-9]{6}$",
    "Enter a case reference number as one letter and 6 digits, like X123456",
    flags=re.IGNORECASE,
)
postcode_validator = RegexValidator(
    r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$",
    "Enter a real postcode, like HU1 2AB",
    flags=re.IGNORECASE,
)
uk_phone_validator = RegexValidator(
    r"^(\+44\s?|0)[0-9\s]{9,13}$", "Enter a UK phone number, like 07700 900 982"
)


class Person(models.Model):
    """A person on probation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_reference = models.CharField(
        "Case reference number", max_length=7, unique=True, validators=[case_reference_validator]
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=Gender.choices)
    ethnicity = models.CharField(max_length=30, choices=Ethnicity.choices, blank=True)

    phone = models.CharField(max_length=20, blank=True, validators=[uk_phone_validator])
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator])
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.SMS
    )

    accommodation = models.CharField(
        max_length=20, choices=Accommodation.choices, default=Accommodation.SETTLED
    )
    employment = models.CharField(
        max_length=20, choices=Employment.choices, default=Employment.UNEMPLOYED
    )
    deprivation_decile = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Index of Multiple Deprivation decile of their home area: 1 is most deprived",
    )
    domestic_abuse_perpetrator = models.BooleanField(default=False)
    domestic_abuse_history = models.BooleanField(
        "History of domestic abuse", default=False, help_text="As a victim or a perpetrator"
    )
    mental_health = models.BooleanField("Mental health needs", default=False)
    mental_illness = models.BooleanField("Diagnosed mental illness", default=False)

    index_offence = models.CharField(
        "Index offence category", max_length=20, choices=OffenceCategory.choices
    )
    previous_events = models.PositiveSmallIntegerField(
        "Previous offending events", default=0, validators=[MaxValueValidator(500)]
    )
    risk_level = models.CharField(
        "Risk of serious harm", max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    ogrs3 = models.PositiveSmallIntegerField(
        "OGRS3 score",
        null=True,
        blank=True,
        validators=[MaxValueValidator(99)],
        help_text="Two-year proven reoffending probability, 0 to 99",
    )

    # Set when the person's records were erased (``mydirection.rights.erasure``): the row is
    # an empty shell kept for the anonymous monitoring figures, seen by nobody.
    erased_on = models.DateField(null=True, blank=True)

    team = models.ForeignKey("staff.Team", on_delete=models.PROTECT, related_name="people")
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
    )
    programme_start = models.DateField(
        "Joined MyDirection",
        null=True,
        blank=True,
        help_text="The date the person started on the person-centred programme",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised on every change: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["case_manager", "last_name", "first_name"]),
            models.Index(fields=["team", "last_name", "first_name"]),
            models.Index(Lower("last_name"), name="person_last_name_lower"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class OrderType(models.TextChoices):
    COMMUNITY_ORDER = "community_order", "Community Order"
    SUSPENDED_SENTENCE = "suspended_sentence", "Suspended Sentence Order"
    LICENCE = "licence", "Licence after custody"


class TerminationReason(models.TextChoices):
    """Why an order ended, as nDelius records a termination (issue 20, item 9)."""

    COMPLETED = "completed", "Completed"
    REVOKED = "revoked", "Revoked"
    TRANSFERRED_OUT = "transferred_out", "Transferred out"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class Order(models.Model):
    """A sentence of the court being served in the community.

    An order is current until its end date, or until it ended early (``ended_early_on``). How
    it ended is recorded as a termination: the reason, who recorded it and when
    (``people.services.end_order``, versioned like other edits).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="orders")
    order_type = models.CharField(max_length=30, choices=OrderType.choices)
    court = models.CharField(max_length=120)
    sentence_date = models.DateField("Date of sentence")
    start_date = models.DateField()
    end_date = models.DateField()
    ended_early_on = models.DateField(null=True, blank=True)
    termination_reason = models.CharField(
        max_length=20, choices=TerminationReason.choices, blank=True
    )
    termination_note = models.CharField(max_length=500, blank=True)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    terminated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised on every change: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(termination_reason="", terminated_at__isnull=True)
                | (~models.Q(termination_reason="") & models.Q(terminated_at__isnull=False)),
                name="order_termination_has_a_reason_and_a_time",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="order_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__gte=models.F("sentence_date")),
                name="order_starts_on_or_after_sentence",
            ),
        ]
        indexes = [models.Index(fields=["person", "-start_date"])]

    def __str__(self) -> str:
        return f"{self.get_order_type_display()} from {self.start_date:%d %b %Y}"

    @property
    def length_months(self) -> int:
        months = (self.end_date.year - self.start_date.year) * 12
        return months + self.end_date.month - self.start_date.month

    @property
    def ends_on(self) -> date:
        """The day the order ended or ends: early if it was ended early."""
        return self.ended_early_on or self.end_date


class RequirementType(models.TextChoices):
    UNPAID_WORK = "unpaid_work", "Unpaid work"
    REHABILITATION_ACTIVITY = "rar", "Rehabilitation activity"
    DRUG_REHABILITATION = "drug_rehabilitation", "Drug rehabilitation"
    ALCOHOL_TREATMENT = "alcohol_treatment", "Alcohol treatment"
    ACCREDITED_PROGRAMME = "accredited_programme", "Accredited programme"
    CURFEW = "curfew", "Curfew"
    OTHER = "other", "Other"


# What each requirement counts: unpaid work in hours, rehabilitation activity in days.
REQUIREMENT_UNITS = {
    RequirementType.UNPAID_WORK: "hours",
    RequirementType.REHABILITATION_ACTIVITY: "days",
    RequirementType.ACCREDITED_PROGRAMME: "sessions",
}


class RequirementStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    TERMINATED = "terminated", "Ended early"


class Requirement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="requirements")
    requirement_type = models.CharField(max_length=30, choices=RequirementType.choices)
    description = models.CharField(max_length=200, blank=True)
    amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="Hours of unpaid work, activity days or sessions"
    )
    completed = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=RequirementStatus.choices, default=RequirementStatus.NOT_STARTED
    )

    class Meta:
        ordering = ["requirement_type"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True)
                | models.Q(completed__lte=models.F("amount")),
                name="requirement_not_over_completed",
            )
        ]

    def __str__(self) -> str:
        return self.get_requirement_type_display()

    @property
    def unit(self) -> str:
        return REQUIREMENT_UNITS.get(RequirementType(self.requirement_type), "")


class ConsentPurpose(models.TextChoices):
    SHARE_PLAN = "share_plan", "Share my plan with family or a keyworker"
    STORIES = "stories", "Take part in Community Reporting stories"
    EVALUATION = "evaluation", "My records used, without my name, to evaluate the service"
    REMINDERS = "reminders", "Appointment reminders by text or email"
    PARTNER_REFERRAL = "partner_referral", "Share my details with a partner organisation"


class Consent(models.Model):
    """A consent given for one purpose; withdrawing it keeps the record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    given_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    details = models.TextField(blank=True, help_text="For example who the plan may be shared with")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return self.get_purpose_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
