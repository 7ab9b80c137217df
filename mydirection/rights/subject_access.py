"""Subject access: everything held about one person, as the bundle the data protection officer
releases (UK GDPR article 15; DPA 2018 section 45 for law-enforcement processing).

Every stored model is either a ``Source`` here, saying how its rows are found from the person
and which fields are left out or redacted and why, or in ``NOT_ABOUT_A_PERSON`` with the reason
it holds nothing about one. ``tests/test_subject_access.py`` fails when a model is neither, so
a new table cannot be forgotten.

What is left out and why:

* *omitted*: secrets and plumbing that are not information about the person (a PIN's hash, a
  file's storage name, a token's hash). Listed once per field in the bundle's notes.
* *redacted*: another person's data where releasing it would disclose them (another Time Bank
  member's name, a peer mentor's identity, why a member of staff is kept away from the case).
  Each redaction is recorded (source, row, field, reason) in the bundle, for the DPO to review.

Staff names stay: staff act in an official capacity, and the person is entitled to know who
saw and changed their record (the access log is part of the bundle).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet

from mydirection.people.models import Person

REDACTED = "[redacted]"

HASHED_CREDENTIAL = "used to sign in (a hash), not information about the person"
PLUMBING = "how the service stores the record, not information about the person"
OTHER_MEMBER = "another Time Bank member, who has not agreed to be named"
VOLUNTEER = "a volunteer's identity: another person's data"
OTHER_PERSON = "another person on probation"
STAFF_CIRCUMSTANCES = "why a member of staff is kept away from the case: their own data"


@dataclass(frozen=True)
class Source:
    """One model's rows about the person."""

    label: str
    title: str
    # How the rows are found: a lookup from the model to the person ("plan__person"), or a
    # function of the person giving a Q (for rows linked by id, not a foreign key).
    path: str = ""
    where: Callable[[Person], Q] | None = None
    omit: Mapping[str, str] = field(default_factory=dict)
    # field -> reason: redacted in every row.
    redact: Mapping[str, str] = field(default_factory=dict)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def rows(self, person: Person) -> QuerySet[Any]:
        manager = self.model._default_manager
        # Lookups across a many-valued relation (an exchange's parties) repeat a row: once each.
        if self.where is not None:
            return manager.filter(self.where(person)).distinct()
        return manager.filter(**{self.path: person}).distinct()


SOURCES: tuple[Source, ...] = (
    Source("people.Person", "Personal details", where=lambda p: Q(pk=p.pk)),
    Source("people.Order", "Orders", "person"),
    Source("people.Requirement", "Requirements of the orders", "order__person"),
    Source("people.Consent", "Consents", "person"),
    Source("caseload.Allocation", "Case managers", "person"),
    Source("caseload.Handover", "Handover notes", "allocation__person"),
    Source(
        "access.Exclusion",
        "Staff kept away from the record",
        "person",
        redact={"reason": STAFF_CIRCUMSTANCES, "message": STAFF_CIRCUMSTANCES},
    ),
    Source(
        "access.Restriction",
        "Restrictions on who may see the record",
        "person",
        redact={"reason": STAFF_CIRCUMSTANCES, "message": STAFF_CIRCUMSTANCES},
    ),
    Source(
        "access.AccessLogEntry",
        "Who saw or changed the record, and why",
        where=lambda p: Q(subject_id=p.pk) | Q(actor_person_id=p.pk),
        omit={"previous_hash": PLUMBING, "entry_hash": PLUMBING, "subject_key": PLUMBING},
    ),
    Source("evaluation.ReoffendingEvent", "Proven reoffending", "person"),
    Source("notifications.Message", "Texts and emails sent", "person"),
    Source("notifications.ContactPreferences", "Contact preferences", "person"),
    Source("portal.PortalAccount", "App account", "person", omit={"pin_hash": HASHED_CREDENTIAL}),
    Source(
        "portal.Invitation", "App invitations", "person", omit={"token_hash": HASHED_CREDENTIAL}
    ),
    Source(
        "portal.SignInCode",
        "App sign-in codes",
        "account__person",
        omit={"code_hash": HASHED_CREDENTIAL},
    ),
    Source("portal.MoveRequest", "Requests to move an appointment", "person"),
    Source("portal.ServiceSession", "Sessions attended", "attendances__person"),
    Source("portal.Attendance", "Attendance at sessions", "person"),
    Source("portal.CodeAttempt", "Attempts to use an attendance code", "person"),
    Source("plans.Plan", "Plan", "person"),
    Source("plans.PlanVersion", "Plan versions", "plan__person"),
    Source("plans.Goal", "Goals", "plan__person"),
    Source("plans.Step", "Steps", "goal__plan__person"),
    Source("plans.ProgressNote", "Progress notes", "plan__person"),
    Source("plans.PlanChange", "Plan history", "plan__person"),
    Source("plans.Conversation", "Conversations", "person"),
    Source("plans.PlanShare", "Plan shared with", "plan__person"),
    Source("assessment.AreaAnswer", "Strengths assessment", "person"),
    Source("person_centred.ToolRecord", "Person-centred tools", "person"),
    Source("person_centred.Statement", "Person-centred tool statements", "record__person"),
    Source("appointments.Series", "Appointment series", "person"),
    Source("appointments.Appointment", "Appointments", "person"),
    Source("appointments.Outcome", "Appointment outcomes", "appointment__person"),
    Source("appointments.NeedDiscussed", "Needs discussed", "outcome__appointment__person"),
    Source("appointments.ToolUsed", "Tools used", "outcome__appointment__person"),
    Source("appointments.OutcomeGoal", "Goals discussed", "outcome__appointment__person"),
    Source("appointments.ContactNote", "Contact notes", "appointment__person"),
    Source("summaries.PersonMonth", "Appointments counted by month, for monitoring", "person"),
    Source("summaries.PersonDay", "Appointments counted by day, for monitoring", "person"),
    Source("appointments.EnforcementDecision", "Enforcement decisions", "person"),
    Source("appointments.UnpaidWorkEntry", "Unpaid work hours", "person"),
    Source("messaging.PersonMessage", "Messages", "person"),
    Source("interventions.Referral", "Referrals", "person"),
    Source("interventions.ReferralEvent", "Referral history", "referral__person"),
    Source("interventions.SessionRecord", "Intervention sessions", "referral__person"),
    Source("interventions.Interest", "Interests in interventions", "person"),
    Source("fund.Request", "Enabling Fund requests", "person"),
    Source("fund.Movement", "Enabling Fund payments", "request__person"),
    Source("fund.Entry", "Enabling Fund ledger entries", "request__person"),
    Source(
        "uploads.StoredFile",
        "Files",
        where=lambda p: Q(person=p) | Q(uploaded_by_person=p),
        omit={"storage_name": PLUMBING, "sha256": PLUMBING},
    ),
    Source("timebank.Member", "Time Bank membership", "person"),
    Source("timebank.Listing", "Time Bank offers and requests", "member__person"),
    Source(
        "timebank.Exchange",
        "Time Bank exchanges",
        where=lambda p: Q(giver__person=p) | Q(parties__member__person=p),
    ),
    Source(
        "timebank.Party",
        "Time Bank exchange members",
        where=lambda p: Q(exchange__giver__person=p) | Q(exchange__parties__member__person=p),
    ),
    Source(
        "timebank.Transfer",
        "Time Bank credit transfers",
        "postings__member__person",
    ),
    Source("timebank.Posting", "Time Bank credits", "member__person"),
    # Volunteering: as a volunteer (a person on probation can be one) and as the one a mentor
    # or a circle supports. Other volunteers are redacted (``OTHER_PEOPLE``).
    Source("volunteering.Volunteer", "Volunteering", "person"),
    Source("volunteering.Reference", "Volunteering references", "volunteer__person"),
    Source("volunteering.Check", "Volunteering checks", "volunteer__person"),
    Source("volunteering.Suitability", "Suitability to volunteer", "volunteer__person"),
    Source("volunteering.TrainingRecord", "Volunteer training", "volunteer__person"),
    Source("volunteering.Placement", "Volunteering roles", "volunteer__person"),
    Source("volunteering.Supervision", "Volunteer supervision", "volunteer__person"),
    Source("volunteering.Expense", "Volunteer expenses", "volunteer__person"),
    Source(
        "volunteering.ExpenseMovement",
        "Volunteer expense payments",
        "expense__volunteer__person",
    ),
    Source("volunteering.ExpenseEntry", "Volunteer expense ledger entries", "volunteer__person"),
    Source("volunteering.Shift", "Volunteering sessions signed up for", "volunteer__person"),
    Source("volunteering.Hours", "Volunteering hours", "volunteer__person"),
    Source("volunteering.HoursChange", "Changes to volunteering hours", "hours__volunteer__person"),
    Source("volunteering.Readiness", "Readiness to volunteer", "person"),
    Source("volunteering.ConflictCheck", "Checks before a peer mentor was matched", "mentee"),
    Source(
        "volunteering.Match",
        "Peer mentoring",
        where=lambda p: Q(mentee=p) | Q(mentor__person=p),
    ),
    Source("volunteering.Circle", "Circle of support", "person"),
    Source(
        "volunteering.CircleVolunteer",
        "Circle volunteers",
        where=lambda p: Q(circle__person=p) | Q(volunteer__person=p),
    ),
    Source("volunteering.OuterMember", "Circle's outer members", "circle__person"),
    Source("volunteering.Meeting", "Circle meetings", "circle__person"),
    Source("volunteering.Task", "Circle tasks", "circle__person"),
    Source(
        "volunteering.Concern",
        "Concerns raised by volunteers",
        where=lambda p: Q(circle__person=p) | Q(raised_by__person=p),
    ),
    Source("volunteering.Review", "Circle reviews", "circle__person"),
    Source("cocreation.Reporter", "Community Reporting: you as a reporter", "person"),
    Source("cocreation.Story", "Stories you told", "storyteller_person"),
    Source("cocreation.Consent", "Your consent to your stories' use", "story__storyteller_person"),
    Source("cocreation.Screen", "Risk screens of your stories", "story__storyteller_person"),
    Source(
        "cocreation.Redaction",
        "Words removed from your stories",
        "story__storyteller_person",
        redact={"reason": "why words were removed: may name another person"},
    ),
    Source("cocreation.Highlight", "Highlights of your stories", "story__storyteller_person"),
    Source(
        "cocreation.Publication",
        "Where excerpts of your stories were published",
        "stories__storyteller_person",
    ),
    Source("cocreation.CoAnalyst", "Analysing stories as a co-analyst", "person"),
    Source("cocreation.Told", "Changes your stories led to", "person"),
    Source("rights.SubjectAccessRequest", "Requests for your information", "person"),
    Source("rights.Release", "Information released to you", "request__person"),
    Source("rights.RectificationRequest", "Requests to correct your information", "person"),
    Source("rights.ErasureReview", "Reviews of whether to erase your records", "person"),
)

NOT_ABOUT_A_PERSON: Mapping[str, str] = {
    "staff.Office": "offices of the service",
    "staff.Team": "teams of the service",
    "staff.Organisation": "partner organisations",
    "staff.User": "staff accounts (named where they acted on the record)",
    "staff.Training": "staff training",
    # Staff learning is about staff, who are not data subjects of this service's subject
    # access (it answers people on probation; staff ask their employer, whose HR records
    # these are too). A reflective log is its author's alone: they read every entry in My
    # learning whenever they like, and nobody else, the data protection officer included,
    # may, so a release through this service would be a way round that.
    "learning.TrainingDay": "staff training days",
    "learning.Attendee": "staff attendance at training days",
    "learning.ActionLearningSet": "staff Action Learning Sets",
    "learning.SetMeeting": "staff Action Learning Set meetings",
    "learning.LogEntry": "staff reflective logs (their author's alone)",
    "appointments.Location": "rooms and places",
    "interventions.Intervention": "the catalogue of interventions",
    "fund.Fund": "Enabling Fund pots",
    "fund.Provider": "Enabling Fund providers",
    "timebank.TimeBank": "Time Banks",
    "volunteering.Role": "the catalogue of volunteer roles",
    "volunteering.Session": "sessions volunteers help run",
    "volunteering.Need": "how many volunteers a session needs",
    "api.ApiToken": "staff accounts' API tokens (their reads of a record are in the access log)",
    "cocreation.ReporterGroup": "Community Reporter groups",
    "cocreation.Guide": "reporter groups' best-practice guides",
    "cocreation.Theme": "themes of the stories, not of one person",
    "cocreation.Insight": "insights drawn from many stories (their highlights are listed)",
    "cocreation.Workshop": "workshops about the service",
    "cocreation.ChangeAction": "changes to the service (those from your stories are listed)",
}


# Relations to these models name another person unless the row is the person's own: each is
# shown by name only for the person, and redacted (and recorded) for anyone else.
OTHER_PEOPLE = {
    "timebank.Member": OTHER_MEMBER,
    "volunteering.Volunteer": VOLUNTEER,
    "people.Person": OTHER_PERSON,
}


def _whose(related: models.Model) -> Any:
    """The person a related row belongs to (a person is their own)."""
    return related.pk if isinstance(related, Person) else getattr(related, "person_id", None)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


class _Row:
    """One row's values, redacting what names someone else."""

    def __init__(self, source: "Source", row: models.Model, person: Person) -> None:
        self.source, self.row, self.person = source, row, person
        self.redactions: list[Redaction] = []

    def _redact(self, name: str, reason: str) -> str:
        self.redactions.append(Redaction(self.source.label, str(self.row.pk), name, reason))
        return REDACTED

    def _related(self, name: str, related: models.Model) -> Any:
        reason = OTHER_PEOPLE.get(related._meta.label)
        if reason is not None and _whose(related) != self.person.pk:
            return self._redact(name, reason)
        if related._meta.label == "staff.User":
            return related.display_name  # type: ignore[attr-defined]
        # The linked record as a reader knows it (the room, the goal, the intervention).
        return str(related)

    def value(self, model_field: models.Field[Any, Any]) -> Any:
        name = model_field.name
        if name in self.source.redact:
            return self._redact(name, self.source.redact[name])
        if model_field.many_to_many:
            return [self._related(name, other) for other in getattr(self.row, name).all()]
        if model_field.is_relation:
            related = getattr(self.row, name)
            return None if related is None else self._related(name, related)
        value = getattr(self.row, model_field.attname)
        if model_field.choices and value not in (None, ""):
            return str(getattr(self.row, f"get_{name}_display")())
        return _plain(value)


@dataclass
class Redaction:
    source: str
    row: str
    field: str
    reason: str


@dataclass
class Section:
    label: str
    title: str
    rows: list[dict[str, Any]]


@dataclass
class Bundle:
    person_id: str
    sections: list[Section]
    redactions: list[Redaction]
    omitted: list[dict[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person_id,
            "sections": [
                {"source": s.label, "title": s.title, "rows": s.rows} for s in self.sections
            ],
            "redactions": [vars(r) for r in self.redactions],
            "left_out": self.omitted,
        }


def fields_of(model: type[models.Model]) -> Iterable[models.Field[Any, Any]]:
    for model_field in model._meta.get_fields():
        stored = getattr(model_field, "concrete", False) or model_field.many_to_many
        if stored and not (model_field.auto_created and not model_field.concrete):
            yield model_field  # type: ignore[misc]


def collect(person: Person) -> Bundle:
    """Everything held about ``person``, source by source, redacted and recorded."""
    sections: list[Section] = []
    redactions: list[Redaction] = []
    omitted = [
        {"source": source.label, "field": name, "reason": reason}
        for source in SOURCES
        for name, reason in source.omit.items()
    ]
    for source in SOURCES:
        found = []
        # Linked records are named (str) in each row: fetch them with the rows, not one by one.
        links = [
            f.name for f in fields_of(source.model) if f.many_to_one and f.name not in source.omit
        ]
        many = [f.name for f in fields_of(source.model) if f.many_to_many]
        rows = source.rows(person).select_related(*links).prefetch_related(*many)
        for row in rows.order_by("pk"):
            values = _Row(source, row, person)
            found.append(
                {
                    model_field.name: values.value(model_field)
                    for model_field in fields_of(source.model)
                    if model_field.name not in source.omit
                }
            )
            redactions.extend(values.redactions)
        sections.append(Section(source.label, source.title, found))
    return Bundle(str(person.pk), sections, redactions, omitted)
