"""What the API returns: explicit fields, never a model dump.

Nothing here that the pages would not show to the same user, and less: no notes, no reasons
(a restricted case's, a referral's decision, a plan's disagreement), no health, ethnicity or
offence details, no third party's name but the case manager's.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class Problem(Schema):
    detail: str = Field(description="What went wrong, in words")


class Invalid(Schema):
    detail: list[dict[str, Any]] = Field(description="Each parameter at fault and why")


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100, description="How many to return (at most 100)")
    offset: int = Field(0, ge=0, le=1_000_000, description="How many to skip")


class PersonSummary(Schema):
    id: UUID
    case_reference: str
    first_name: str
    last_name: str
    preferred_name: str
    team: str = Field(description="The team holding the case")
    case_manager: str | None = Field(description="Their case manager's name; null if waiting")
    current_order_type: str | None = Field(description="The type of the order in force, if any")
    current_order_end: date | None
    restricted: bool = Field(description="The case has restricted-access rules (never why)")


class PeoplePage(Schema):
    count: int = Field(description="How many match, on every page")
    items: list[PersonSummary]


class Order(Schema):
    order_type: str
    start_date: date
    end_date: date
    ended_early_on: date | None


class PersonDetail(PersonSummary):
    date_of_birth: date
    pronouns: str
    orders: list[Order]


class Step(Schema):
    id: UUID
    description: str
    who: str = Field(description="Who will do it: person, case_manager, partner, ...")
    status: str


class Goal(Schema):
    id: UUID
    title: str
    area: str
    status: str = Field(description="active (working on now) or future")
    target_date: date | None
    steps: list[Step]


class Agreement(Schema):
    number: int = Field(description="The version of the plan")
    agreement: str = Field(description="agreed, not_agreed or could_not_answer")
    agreed_on: date


class PlanOut(Schema):
    person_id: UUID
    has_plan: bool
    latest_version: Agreement | None = Field(
        description="The latest version recorded with the person; null if none yet"
    )
    changed_since_agreed: bool
    goals: list[Goal] = Field(description="The current goals (achieved and removed left out)")


class Appointment(Schema):
    id: UUID
    starts_at: datetime
    duration_minutes: int
    appointment_type: str
    format: str
    place: str = Field(description="listed, home, other or none")
    location: str | None = Field(description="The listed location's name, if any")
    status: str = Field(description="arranged, superseded (rescheduled) or cancelled")
    outcome: str | None = Field(description="The recorded outcome, if any")
    sensitive: bool


class AppointmentsPage(Schema):
    count: int
    items: list[Appointment]


class Referral(Schema):
    id: UUID
    intervention: str
    kind: str
    provider: str | None = Field(description="The partner organisation; null if run in-house")
    status: str
    suitability: str
    decided_at: datetime
    started_on: date | None
    ended_on: date | None
    end_reason: str


class ReferralsPage(Schema):
    count: int
    items: list[Referral]
