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
CLASSIFIED_APPS = (
    "staff",
    "people",
    "caseload",
    "access",
    "evaluation",
    "assessment",
    "person_centred",
)

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
}


def classification_of(model_label: str, field_name: str) -> DataClass:
    return REGISTRY[model_label][field_name]


def fields_of_class(model_label: str, *classes: DataClass) -> list[str]:
    return [name for name, kind in REGISTRY[model_label].items() if kind in classes]
