"""Every stored field, classified by what it holds, and what may leave in an extract.

Three tables, one row per field:

* ``REGISTRY``: what each field holds (none, personal, special category, criminal offence,
  financial). ``tests/test_classification.py`` fails when a model gains a field that is not
  listed here.
* ``IDENTIFYING``: the direct identifiers, fields that single out one person on their own.
* ``EXTRACT``: the forms (``Release``) in which a field may leave the service in a
  pseudonymised extract. A field not listed is dropped.

``may_leave`` joins them, and the evaluation's extract (``mydirection.evaluation.extract``)
asks it for every column: a column leaves only if every field it is computed from may leave
in that column's form. So a field nobody classified, or one classified as identifying,
cannot reach an extract, whatever the evaluation's code computes from it.

Logs and notifications keep special category and criminal offence data out by their own
rules and tests (``no_personal_data_in_logs``, ``notifications/texts.py``), not by this
registry; subject access and retention are to read it when they are built.
"""

from enum import StrEnum


class DataClass(StrEnum):
    NONE = "none"  # identifiers, dates of records, flags about the record itself
    PERSONAL = "personal"
    SPECIAL_CATEGORY = "special_category"  # health, ethnicity, sex life, beliefs (UK GDPR art. 9)
    CRIMINAL_OFFENCE = "criminal_offence"  # offences, sentences, risk (art. 10, DPA Part 3)
    FINANCIAL = "financial"


N, P, S, C, F = (
    DataClass.NONE,
    DataClass.PERSONAL,
    DataClass.SPECIAL_CATEGORY,
    DataClass.CRIMINAL_OFFENCE,
    DataClass.FINANCIAL,
)

# Apps whose models must be classified field by field.
CLASSIFIED_APPS = (
    "staff",
    "people",
    "caseload",
    "access",
    "evaluation",
    "notifications",
    "portal",
    "plans",
    "assessment",
    "person_centred",
    "appointments",
    "messaging",
    "interventions",
    "fund",
    "uploads",
    "timebank",
    "rights",
)

REGISTRY: dict[str, dict[str, DataClass]] = {
    "staff.Office": {"id": N, "name": N, "address": N, "phone": N},
    "staff.Team": {"id": N, "office": N, "name": N},
    "staff.User": {
        "id": N,
        "password": P,
        "last_login": P,
        "is_superuser": N,
        "username": P,
        "first_name": P,
        "last_name": P,
        "email": P,
        "is_staff": N,
        "is_active": N,
        "date_joined": P,
        "role": N,
        "team": N,
        "organisation": N,
        "job_title": P,
        "started_in_role": P,
        "groups": N,
        "user_permissions": N,
    },
    "staff.Training": {"id": N, "user": N, "course": P, "completed_on": P},
    # A partner organisation's own details, not a person's.
    "staff.Organisation": {
        "id": N,
        "name": N,
        "description": N,
        "phone": N,
        "email": N,
        "website": N,
    },
    "people.Person": {
        "id": N,
        "case_reference": P,
        "first_name": P,
        "last_name": P,
        "preferred_name": P,
        "pronouns": P,
        "date_of_birth": P,
        "gender": P,
        "ethnicity": S,
        "phone": P,
        "email": P,
        "address": P,
        "postcode": P,
        "contact_preference": P,
        "accommodation": P,
        "employment": P,
        "deprivation_decile": P,
        "domestic_abuse_perpetrator": C,
        "domestic_abuse_history": S,
        "mental_health": S,
        "mental_illness": S,
        "index_offence": C,
        "previous_events": C,
        "risk_level": C,
        "ogrs3": C,
        "team": N,
        "case_manager": N,
        "programme_start": P,
        "created_at": N,
        "updated_at": N,
        "version": N,
    },
    "people.Order": {
        "id": N,
        "person": N,
        "order_type": C,
        "court": C,
        "sentence_date": C,
        "start_date": C,
        "end_date": C,
        "ended_early_on": C,
        "termination_reason": C,
        "termination_note": C,
        "terminated_by": N,
        "terminated_at": N,
        "created_at": N,
        "version": N,
    },
    "people.Requirement": {
        "id": N,
        "order": N,
        "requirement_type": C,
        "description": C,
        "amount": C,
        "completed": C,
        "status": C,
    },
    "people.Consent": {
        "id": N,
        "person": N,
        "purpose": P,
        "given_on": P,
        "withdrawn_on": P,
        "details": P,
        "recorded_by": N,
        "recorded_at": N,
    },
    "caseload.Allocation": {
        "id": N,
        "person": N,
        "case_manager": N,
        "allocated_by": N,
        "started_at": N,
        "ended_at": N,
        "reason": P,
    },
    "caseload.Handover": {
        "id": N,
        "allocation": N,
        "what_matters": S,  # free text about a person's life may hold anything
        "key_history": C,
        "open_actions": P,
        "written_by": N,
        "written_at": N,
        "read_at": N,
    },
    "access.Exclusion": {
        "id": N,
        "person": N,
        "user": N,
        "message": N,
        "reason": P,
        "ends_at": N,
        "created_by": N,
        "created_at": N,
    },
    "access.Restriction": {
        "id": N,
        "person": N,
        "allowed_users": N,
        "message": N,
        "reason": P,
        "ends_at": N,
        "created_by": N,
        "created_at": N,
    },
    "evaluation.ReoffendingEvent": {
        "id": N,
        "person": N,
        "offence_date": C,
        "category": C,
        "source": N,
        "import_batch": N,
        "imported_at": N,
        "imported_by": N,
    },
    "access.AccessLogEntry": {
        "id": N,
        "occurred_at": N,
        "operation": N,
        "actor_id": N,
        "actor_name": P,
        "actor_role": N,
        "actor_person_id": N,
        "subject_id": N,
        "subject_key": N,
        "what": N,
        "relation": N,
        "justification": P,
        "recipients": P,
        "details": N,
        "previous_hash": N,
        "entry_hash": N,
    },
    # Plans: goals, steps and notes are the person's own life in free text, which may hold
    # anything (health, relationships): special category, as handovers are.
    "plans.Plan": {
        "id": N,
        "person": N,
        "created_at": N,
        "updated_at": N,
        "changed_since_agreed": N,
    },
    "plans.PlanVersion": {
        "id": N,
        "plan": N,
        "number": N,
        "agreement": P,
        "reason": S,
        "agreed_on": P,
        "person_name": P,
        "case_manager_name": P,
        "recorded_by": N,
        "recorded_at": N,
        "snapshot": S,
    },
    "plans.Goal": {
        "id": N,
        "plan": N,
        "title": S,
        "area": S,
        "related_areas": S,
        "status": P,
        "status_note": S,
        "target_date": P,
        "position": N,
        "requirements": N,
        "created_at": N,
        "updated_at": N,
        "version": N,
    },
    "plans.Step": {
        "id": N,
        "goal": N,
        "description": S,
        "actor": P,
        "actor_detail": P,
        "status": P,
        "requirements": N,
        "created_at": N,
        "updated_at": N,
        "version": N,
    },
    "plans.ProgressNote": {
        "id": N,
        "plan": N,
        "kind": N,
        "text": S,
        "needs_support": S,
        "person_involved": P,
        "by_user": N,
        "by_person": N,
        "created_at": N,
    },
    "plans.PlanChange": {
        "id": N,
        "plan": N,
        "occurred_at": N,
        "what": N,
        "by_user": N,
        "by_person": N,
        "with_person": N,
    },
    "plans.Conversation": {
        "id": N,
        "person": N,
        "kind": S,
        "held_on": P,
        "note": S,
        "by": N,
        "emergency_plan": S,
        "emergency_worker": N,
        "review_on": P,
        "created_at": N,
    },
    "plans.PlanShare": {
        "id": N,
        "plan": N,
        "shared_with": P,
        "relationship": P,
        "consent": N,
        "shared_by": N,
        "shared_at": N,
    },
    "notifications.Message": {
        "id": N,
        "person": N,
        "channel": P,
        "recipient": P,  # a phone number or an e-mail address
        "purpose": N,
        "template": N,
        "personalisation": P,  # a first name, a date, a link: never case details
        "reference": N,
        "send_after": N,
        "expires_at": N,
        "status": N,
        "attempts": N,
        "last_error": N,
        "notify_id": N,
        "created_at": N,
        "sent_at": N,
        "updated_at": N,
    },
    "notifications.ContactPreferences": {
        "person": N,
        "channel": P,
        "reminders_opted_out": P,
        "earliest_hour": P,
        "latest_hour": P,
        "updated_at": N,
        "version": N,
    },
    "portal.PortalAccount": {
        "person": N,
        "status": P,
        "pin_hash": P,
        "failed_attempts": N,
        "locked_at": P,
        "enrolled_at": P,
        "revoked_at": P,
        "session_generation": N,
        "updated_at": N,
    },
    "portal.Invitation": {
        "id": N,
        "person": N,
        "token_hash": N,
        "expires_at": N,
        "used_at": N,
        "created_by": N,
        "created_at": N,
    },
    # Why a person needs to move an appointment may be about their health: special category.
    "portal.MoveRequest": {
        "id": N,
        "person": N,
        "appointment": N,
        "reason": S,
        "preferred_times": P,
        "status": P,
        "decided_by": N,
        "decided_at": N,
        "note": S,
        "replacement": N,
        "created_at": N,
    },
    # Which service someone attends (a group, a partner venue) can hint at their needs.
    "portal.ServiceSession": {
        "id": N,
        "kind": N,
        "title": N,
        "place": N,
        "office": N,
        "starts_at": N,
        "ends_at": N,
        "code": N,
        "created_by": N,
        "created_at": N,
    },
    "portal.Attendance": {
        "id": N,
        "session": S,
        "person": N,
        "self_registered": P,
        "registered_at": P,
        "confirmed_by": N,
        "confirmed_at": N,
    },
    "portal.CodeAttempt": {"id": N, "person": N, "at": N},
    "portal.SignInCode": {
        "id": N,
        "account": N,
        "code_hash": N,
        "binding": N,
        "expires_at": N,
        "used_at": N,
        "attempts": N,
        "created_at": N,
    },
    # Strengths-based assessment and person-centred tools. Free text about a person's life
    # may hold anything (health, relationships): special category. Links to risk are
    # criminal offence data.
    "assessment.AreaAnswer": {
        "id": N,
        "person": N,
        "area": N,
        "number": N,
        "motivation": P,
        "strengths": S,
        "linked_to_harm": C,
        "harm_details": C,
        "linked_to_reoffending": C,
        "reoffending_details": C,
        "answered_by": N,
        "recorded_by": N,
        "recorded_at": N,
    },
    "person_centred.ToolRecord": {
        "id": N,
        "person": N,
        "tool": N,
        "number": N,
        "notes": S,
        "recorded_by": N,
        "recorded_at": N,
    },
    "person_centred.Statement": {
        "id": N,
        "record": N,
        "section": N,
        "position": N,
        "text": S,
        "said_by": P,
        "confirmed": N,
        "sector": P,
    },
    # appointments: when and where a person must report is criminal offence data (it is
    # part of a sentence); what was discussed and assessed can hold health and anything else.
    "appointments.Location": {
        "id": N,
        "office": N,
        "name": N,
        "kind": N,
        "address": N,
        "active": N,
    },
    "appointments.Series": {
        "id": N,
        "person": N,
        "frequency": C,
        "count": C,
        "until": C,
        "created_by": N,
        "created_at": N,
    },
    "appointments.Appointment": {
        "id": N,
        "person": N,
        "staff": N,
        "series": N,
        "starts_at": C,
        "duration_minutes": C,
        "appointment_type": C,
        "place": C,
        "location": C,
        "address": P,
        "format": C,
        "keyworker_name": P,
        "keyworker_agency": S,  # a drug service or a mental health team says what it treats
        "requirement": C,
        "sensitive": N,
        "counts_as_rar": C,
        "notes": S,
        "status": C,
        "superseded_by": N,
        "rescheduled_by": C,
        "change_reason": P,
        "created_by": N,
        "created_at": N,
        "version": N,
    },
    "appointments.Outcome": {
        "id": N,
        "appointment": N,
        "outcome": C,
        "absence_reason": S,  # medical, religious
        "actual_minutes": C,
        "attended_by": P,
        "conversation": P,
        "actions_agreed": S,
        "referrals_made": S,
        "recorded_by": N,
        "recorded_at": N,
        "version": N,
    },
    "appointments.NeedDiscussed": {"id": N, "outcome": N, "area": S},
    "appointments.ToolUsed": {"id": N, "outcome": N, "tool": P},
    "appointments.OutcomeGoal": {"id": N, "outcome": N, "goal": N},
    "appointments.ContactNote": {
        "id": N,
        "appointment": N,
        "kind": N,
        "text": S,
        "written_by": N,
        "written_at": N,
    },
    "appointments.EnforcementDecision": {
        "id": N,
        "appointment": N,
        "person": N,
        "decision": C,
        "reason": C,
        "decided_by": N,
        "decided_at": N,
    },
    "appointments.UnpaidWorkEntry": {
        "id": N,
        "requirement": N,
        "person": N,
        "worked_on": C,
        "hours": C,
        "project": C,
        "logged_by": N,
        "logged_at": N,
    },
    # Messages may carry anything the person chooses to say, health included: special.
    "messaging.PersonMessage": {
        "id": N,
        "person": N,
        "from_person": N,
        "by_user": N,
        "text": S,
        "created_at": N,
        "read_by_person_at": N,
        "read_by_staff_at": N,
        "read_by_staff": N,
        "flagged": S,
    },
    # Interventions: the catalogue is about the service, not people. Which intervention a
    # person is referred to (a recovery group, a women's centre) can say what they need or
    # who they are: special category, as a session attended is. Why someone was not referred
    # (risk, timing in the sentence) and why a referral ended (breach, recall) are criminal
    # offence data; free text about a person may hold anything: special category.
    "interventions.Intervention": {
        "id": N,
        "office": N,
        "name": N,
        "kind": N,
        "provider": N,
        "offer": N,
        "eligibility": N,
        "capacity": N,
        "availability": N,
        "availability_reason": N,
        "paused_until": N,
        "withdrawn_on": N,
        "volunteers": N,
        "created_at": N,
        "updated_at": N,
        "version": N,
    },
    "interventions.Referral": {
        "id": N,
        "person": N,
        "intervention": S,
        "goal": N,
        "step": N,
        "suitability": C,
        "reason": C,
        "reason_detail": C,
        "consent_given_on": P,
        "shares_contact": P,
        "shares_goal": P,
        "shares_note": P,
        "shares_availability": P,
        "note_for_provider": S,
        # Conditions for taking part come from the risk decision; the names kept apart may be
        # a victim's or a co-defendant's.
        "conditions": C,
        "keep_apart_from": C,
        "availability_note": P,
        "status": P,
        "end_reason": C,
        "status_note": S,
        "started_on": P,
        "ended_on": P,
        "decided_by": N,
        "decided_at": N,
        "interest": N,
        "updated_at": N,
        "version": N,
    },
    # The Enabling Fund: a person's requests and the money spent on them are financial data;
    # what it was for is in their words and may touch health or family (special category).
    "fund.Fund": {
        "id": N,
        "name": N,
        "office": N,
        "starts_on": N,
        "ends_on": N,
        "case_manager_limit": N,
        "senior_limit": N,
        "person_limit": N,
        "category_rules": N,
        "receipt_days": N,
        "closed_on": N,
        "closed_by": N,
        "created_at": N,
        "version": N,
    },
    "fund.Provider": {"id": N, "fund": N, "name": N, "sells": N, "active": N},
    "fund.Request": {
        "id": N,
        "fund": N,
        "person": N,
        "goal": N,
        "category": F,
        "amount": F,
        "what_for": S,
        "provider": F,
        "asked_by": N,
        "asked_by_person": N,
        "asked_at": N,
        "level": N,
        "status": F,
        "decided_by": N,
        "decided_at": N,
        "reason": S,
        "payment_method": F,
        "paid_amount": F,
        "payment_reference": F,
        "paid_at": F,
        "paid_by": N,
        "receipt": F,
        "receipt_due_on": F,
        "updated_at": N,
        "version": N,
    },
    "fund.Movement": {
        "id": N,
        "fund": N,
        "kind": F,
        "request": N,
        "note": F,
        "by_user": N,
        "at": N,
    },
    "fund.Entry": {"id": N, "movement": N, "fund": N, "account": F, "request": N, "amount": F},
    # Uploaded files: a receipt is financial; a story may hold anything (special category).
    "uploads.StoredFile": {
        "id": N,
        "purpose": N,
        "person": N,
        "content_type": N,
        "size": N,
        "sha256": N,
        "original_name": S,
        "storage_name": N,
        "uploaded_at": N,
        "uploaded_by_user": N,
        "uploaded_by_person": N,
    },
    # The Time Bank: members are people of the community; that a member was referred, and the
    # conditions on who they meet, say they are on probation (criminal offence data). What
    # members write about themselves and exchanges may touch health or family.
    "timebank.TimeBank": {
        "id": N,
        "organisation": N,
        "area": N,
        "starter_minutes": N,
        "soft_floor": N,
        "hard_floor": N,
        "listing_days": N,
        "version": N,
    },
    "timebank.Member": {
        "id": N,
        "bank": N,
        "number": N,
        "kind": C,
        "first_name": P,
        "last_initial": P,
        "person": C,
        "user": P,
        "referral": C,
        "phone": P,
        "email": P,
        "profile": S,
        "availability": P,
        "area": P,
        "conditions": C,
        "hard_floor": P,
        "joined_on": P,
        "left_on": P,
        "version": N,
        "no_contact_with": C,
    },
    "timebank.Listing": {
        "id": N,
        "member": N,
        "kind": P,
        "skill": P,
        "title": P,
        "description": S,
        "is_group": N,
        "place": P,
        "area": P,
        "created_at": N,
        "expires_on": N,
        "withdrawn": N,
    },
    "timebank.Exchange": {
        "id": N,
        "bank": N,
        "listing": N,
        "giver": P,
        "skill": P,
        "description": S,
        "is_group": N,
        "place": P,
        "involves_children": P,
        "happens_on": P,
        "minutes": P,
        "status": N,
        "proposed_by": P,
        "giver_confirmed_at": N,
        "recorded_by": N,
        "step": C,
        "created_at": N,
        "version": N,
        "receivers": P,
    },
    "timebank.Party": {"id": N, "exchange": N, "member": P, "confirmed_at": N},
    "timebank.Transfer": {
        "id": N,
        "bank": N,
        "kind": N,
        "exchange": N,
        "note": S,
        "by_user": N,
        "at": N,
    },
    "timebank.Posting": {"id": N, "transfer": N, "bank": N, "member": P, "minutes": P},
    # Data rights: that someone asked for their information, and what was released to them.
    "rights.SubjectAccessRequest": {
        "id": N,
        "person": N,
        "received_on": P,
        "due_on": P,
        "requester": P,
        "identity_checked": P,
        "status": P,
        "opened_by": N,
        "opened_at": N,
        "completed_on": P,
        "completed_by": N,
        "version": N,
    },
    "rights.Release": {
        "id": N,
        "request": N,
        "format": N,
        "at": P,
        "by": N,
        "rows": N,
        "redactions": N,
    },
    "interventions.ReferralEvent": {
        "id": N,
        "referral": N,
        "status": P,
        "note": S,
        "at": N,
        "by_user": N,
        "by_person": N,
    },
    "interventions.SessionRecord": {
        "id": N,
        "referral": N,
        "on": P,
        "attended": P,
        "note": S,
        "recorded_by": N,
        "recorded_at": N,
    },
    "interventions.Interest": {
        "id": N,
        "person": N,
        "intervention": S,
        "note": S,
        "at": P,
        "answered_at": N,
    },
}


def classification_of(model_label: str, field_name: str) -> DataClass:
    return REGISTRY[model_label][field_name]


def fields_of_class(model_label: str, *classes: DataClass) -> list[str]:
    return [name for name, kind in REGISTRY[model_label].items() if kind in classes]


class Release(StrEnum):
    """A form in which a field may leave the service in a pseudonymised extract."""

    KEYED_HASH = "keyed hash"  # HMAC with the pseudonym key: joins rows, names no one
    MONTH = "month"  # a date coarsened to its month: 2024-03
    WHOLE_YEARS = "whole years"  # dates only as the whole years between them: an age
    FLAG = "flag"  # only a yes or no (1 or 0) worked out from it
    VALUE = "value"  # as stored: a score or a count that identifies no one on its own


# Direct identifiers: each singles out one person (on probation, on the staff, or a third
# party such as a keyworker) on its own, and every link to a person's record is their id.
IDENTIFYING: frozenset[str] = frozenset(
    {
        *(
            f"people.Person.{name}"
            for name in (
                "id",
                "case_reference",
                "first_name",
                "last_name",
                "preferred_name",
                "date_of_birth",
                "phone",
                "email",
                "address",
                "postcode",
            )
        ),
        *(f"staff.User.{name}" for name in ("id", "username", "first_name", "last_name", "email")),
        "access.AccessLogEntry.actor_name",
        "access.AccessLogEntry.subject_id",
        "access.AccessLogEntry.actor_person_id",
        "notifications.Message.recipient",
        "appointments.Appointment.address",
        "appointments.Appointment.keyworker_name",
        "plans.PlanVersion.person_name",
        "plans.PlanVersion.case_manager_name",
        "plans.PlanShare.shared_with",
        *(f"timebank.Member.{name}" for name in ("id", "number", "phone", "email", "user")),
        *(f"{label}.person" for label, fields in REGISTRY.items() if "person" in fields),
    }
)

# A direct identifier never leaves as it is: only as a keyed hash or coarsened.
SAFE_FOR_IDENTIFIERS = frozenset({Release.KEYED_HASH, Release.MONTH, Release.WHOLE_YEARS})

_FLAG = frozenset({Release.FLAG})

# What may leave in a pseudonymised extract, and in which forms; every other field is
# dropped. These are the characteristics the impact evaluation adjusts for and its outcome.
EXTRACT: dict[str, frozenset[Release]] = {
    "people.Person.id": frozenset({Release.KEYED_HASH}),
    "people.Person.date_of_birth": frozenset({Release.WHOLE_YEARS}),  # age at the start
    "people.Person.programme_start": _FLAG,  # on the programme or not
    "people.Person.gender": _FLAG,
    "people.Person.ethnicity": _FLAG,  # recorded or not; White British or not
    "people.Person.domestic_abuse_perpetrator": _FLAG,
    "people.Person.domestic_abuse_history": _FLAG,
    "people.Person.mental_health": _FLAG,
    "people.Person.mental_illness": _FLAG,
    "people.Person.accommodation": _FLAG,  # unsettled or not
    "people.Person.employment": _FLAG,  # unemployed or not
    "people.Person.ogrs3": frozenset({Release.VALUE}),
    "people.Person.deprivation_decile": frozenset({Release.VALUE}),
    "people.Person.previous_events": frozenset({Release.VALUE}),
    # The order's start: its month, the age at it, and whether a year has passed since.
    "people.Order.start_date": frozenset({Release.MONTH, Release.WHOLE_YEARS, Release.FLAG}),
    "people.Requirement.requirement_type": _FLAG,
    # Reoffending within a year of the start, never what or when.
    "evaluation.ReoffendingEvent.offence_date": _FLAG,
    "evaluation.ReoffendingEvent.category": _FLAG,
}


def is_classified(field: str) -> bool:
    """``field`` is "app.Model.name"."""
    model, _, name = field.rpartition(".")
    return name in REGISTRY.get(model, {})


def may_leave(field: str, release: Release) -> bool:
    """May ``field`` ("app.Model.name") leave in an extract in the form ``release``?

    Never if nobody classified it, never as it is if it identifies a person, and otherwise
    only in a form ``EXTRACT`` lists for it.
    """
    if not is_classified(field):
        return False
    if field in IDENTIFYING and release not in SAFE_FOR_IDENTIFIERS:
        return False
    return release in EXTRACT.get(field, frozenset())
