"""Every stored field, classified by what it holds.

The class decides how the field may be used: special category and criminal offence data
never go into logs or notifications, and pseudonymised extracts drop everything personal.
``tests/test_classification.py`` fails when a model gains a field that is not listed here.
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
CLASSIFIED_APPS = ("staff", "people", "caseload", "access", "evaluation", "appointments")

REGISTRY: dict[str, dict[str, DataClass]] = {
    "staff.Office": {"id": N, "name": N, "address": N},
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
        "job_title": P,
        "started_in_role": P,
        "groups": N,
        "user_permissions": N,
    },
    "staff.Training": {"id": N, "user": N, "course": P, "completed_on": P},
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
        "created_at": N,
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
}


def classification_of(model_label: str, field_name: str) -> DataClass:
    return REGISTRY[model_label][field_name]


def fields_of_class(model_label: str, *classes: DataClass) -> list[str]:
    return [name for name, kind in REGISTRY[model_label].items() if kind in classes]
