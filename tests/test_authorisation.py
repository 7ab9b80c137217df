"""The authorisation matrix: every URL x method x persona, and the status each must get.

A URL that is not in the matrix fails the build, so a new page cannot escape review.
Subjects: ``world.person`` is held by the case manager ``cm`` in team A (see
``mydirection.testing``). Statuses for a colleague in the team are 302: they are sent to
give a justification first.
"""

import functools
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.api.testing import a_token, bearer
from mydirection.appointments.testing import appointment_subjects
from mydirection.assessment import testing as assessment_testing
from mydirection.caseload.models import Allocation, Handover
from mydirection.cocreation import testing as cocreation_testing
from mydirection.cocreation.models import Story
from mydirection.fund import testing as fund_testing
from mydirection.interventions.models import Intervention
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.learning import testing as learning_testing
from mydirection.notifications.models import Purpose
from mydirection.notifications.testing import MessageFactory
from mydirection.people.models import Consent
from mydirection.person_centred import testing as person_centred_testing
from mydirection.plans.testing import a_plan
from mydirection.portal.models import Attendance, MoveRequest
from mydirection.portal.testing import a_session, portal_sign_in
from mydirection.rights.models import (
    ErasureReview,
    RectificationRequest,
    SubjectAccessRequest,
)
from mydirection.testing import PersonFactory, World, sign_in
from mydirection.timebank import testing as timebank_testing
from mydirection.timebank.models import MemberKind
from mydirection.timebank.services import listings, taking_part
from mydirection.uploads.serving import FILE_POLICY
from mydirection.volunteering import testing as volunteering_testing
from mydirection.volunteering.services import circles as volunteer_circles
from mydirection.volunteering.services import sessions as volunteer_sessions
from mydirection.volunteering.services import vetting
from mydirection.volunteering.tests import builders as volunteering_builders

PERSONAS = (
    "cm",
    "colleague",
    "senior",
    "excluded",
    "elsewhere",
    "volunteer",
    "partner",
    "evaluator",
    "administrator",
    "programme_manager",
    "dpo",
    # A community member of the Time Bank: its pages, and nothing else (like the volunteer).
    "community_member",
    # The volunteer coordinator of Hull's office: volunteering's pages, and the catalogue.
    "coordinator",
)

# The person on probation signed in to the app (``world.person``), and another person
# (``world.other_person``). Staff URLs send them to the staff sign-in (302) unless public.
PORTAL_PERSONAS = ("person", "other_person")

# URLs anyone may reach without signing in. Everything else redirects to sign-in.
# The footer's pages (accessibility statement, privacy notices, cookies) are public: the law
# expects them to be readable before anyone signs in.
FOOTER_PAGES = {"pages:accessibility", "pages:privacy", "pages:cookies", "pages:app-privacy"}
# The Time Bank members' own footer page (their details, cookies, accessibility) too.
PUBLIC = {"health", "staff:sign-in", "staff:sign-out", *FOOTER_PAGES, "timebank:privacy"}
# The app's own pages that need no portal session; the rest send you to the app's sign-in.
PORTAL_PUBLIC = {
    "portal:sign-in",
    "portal:code",
    "portal:sign-out",
    "portal:enrol",
    "portal:enrol-link",
    "portal:offline",
    "portal:manifest",
    "portal:service-worker",
}


# The API's operations (``mydirection.api``) answer to a bearer token, never to a session:
# 401 for everyone here, signed in or not (``test_the_api_matrix`` calls them with tokens).
API_OPERATIONS = {"api:people", "api:person", "api:plan", "api:appointments", "api:referrals"}


def expect(default: int, **overrides: int) -> dict[str, int]:
    # A community member gets what the volunteer gets (404 on every staff page) unless said.
    overrides.setdefault("community_member", overrides.get("volunteer", default))
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


# A person's record: the holder and the senior see it; team colleagues justify first; the
# data protection officer knows it exists (for its access log) but may not read it (403);
# nobody else may know it exists.
RECORD = expect(404, cm=200, senior=200, colleague=302, excluded=302, dpo=403)
# A change that succeeds redirects; the same for anyone allowed to change the record.
RECORD_CHANGED = expect(404, cm=302, senior=302, colleague=302, excluded=302, dpo=403)
# Forms posted empty: the allowed re-render with errors (200) and nothing is saved.
RECORD_FORM_ERRORS = RECORD
CASE_HOLDERS = expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200)


def portal(person: int = 302, other_person: int = 302, staff: int = 302) -> dict[str, int]:
    """An app URL: what the person, another person and every member of staff get."""
    return expect(staff) | {"person": person, "other_person": other_person}


# Attendance sessions (portal2): staff who hold cases in an office; the session is Hull's.
OFFICE_STAFF = expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200)
HULL_STAFF = expect(404, cm=200, colleague=200, senior=200, excluded=200)

# The API's staff pages: the roles that hold cases (``Capability.USE_THE_API``).
API_USERS = expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200)

# Interventions: the catalogue is read by those who refer, by the programme manager and by
# the volunteer coordinator (whose office runs Life Links and peer mentoring).
CATALOGUE_READERS = expect(
    404,
    cm=200,
    colleague=200,
    senior=200,
    excluded=200,
    elsewhere=200,
    programme_manager=200,
    coordinator=200,
)
# The Enabling Fund's waiting requests: everyone who may approve some.
FUND_DECIDERS = expect(
    404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200, programme_manager=200
)
PROGRAMME_MANAGER_FORM = {
    "GET": expect(404, programme_manager=200),
    "POST": expect(404, programme_manager=200),
}

# --- The Time Bank -------------------------------------------------------------------------
# Subjects (``_time_bank_subjects``): the world's bank, run by ``partner`` (its coordinator);
# ``community_member`` is its member Robin, ``person`` its member from the app; Jo's
# one-to-one offer (``listing_id``); a group session of Jo's tomorrow (``exchange_id``);
# another member, Kim (``member_id``). The volunteer is not a member: 404, as everyone else.
# The coordinator's pages: the partner only (posted empty: errors, 200; a change: 302).
COORDINATOR = expect(404, partner=200)
COORDINATOR_FORM = {"GET": COORDINATOR, "POST": COORDINATOR}
# The member pages: a member with an account and the coordinator, who acts for members.
MEMBERS = expect(404, partner=200, community_member=200)
MEMBERS_FORM = {"GET": MEMBERS, "POST": MEMBERS}
# A member's own page and details: members only.
MEMBER_ONLY = expect(404, community_member=200)


def in_app(person: int = 200, other_person: int = 404) -> dict[str, int]:
    """The app's Time Bank pages: the person is a member; the other person is not (404)."""
    return portal(person=person, other_person=other_person)


TIME_BANK_MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "timebank:home": {"GET": COORDINATOR},
    "timebank:members": {"GET": COORDINATOR},
    "timebank:add-member": COORDINATOR_FORM,
    "timebank:member": {"GET": COORDINATOR},
    # Posted empty: the form has no version, so "changed since you opened it" (200).
    "timebank:conditions": COORDINATOR_FORM,
    "timebank:leave": {"GET": COORDINATOR, "POST": expect(404, partner=302)},
    # The world's referral is waiting for an answer: "accept it before they join" (200).
    "timebank:join-referral": COORDINATOR_FORM,
    "timebank:record-exchange": COORDINATOR_FORM,
    # The session is tomorrow: "once it has happened" (200).
    "timebank:record": {"POST": COORDINATOR},
    "timebank:report": {"GET": COORDINATOR},
    "timebank:listings": {"GET": MEMBERS},
    "timebank:add-listing": MEMBERS_FORM,
    "timebank:listing": {"GET": MEMBERS},
    "timebank:propose": MEMBERS_FORM,
    # The offer is one-to-one: sessions are for group offers (back to it, 302).
    "timebank:add-session": {
        "GET": expect(404, partner=302, community_member=302),
        "POST": expect(404, partner=302, community_member=302),
    },
    # Robin's is not Jo's offer (refused, 200); the coordinator renews or takes it down.
    "timebank:renew": {"POST": expect(404, partner=302, community_member=200)},
    "timebank:withdraw": {"POST": expect(404, partner=302, community_member=200)},
    "timebank:exchange": {"GET": MEMBERS},
    # Refused with a message (200): nobody else can agree to a group; the coordinator names
    # no member to sign up; confirming waits for the day. Robin joins (302).
    "timebank:agree": {"POST": MEMBERS},
    "timebank:join": {"POST": expect(404, partner=200, community_member=302)},
    "timebank:confirm": {"POST": MEMBERS},
    "timebank:cancel": MEMBERS_FORM,
    "timebank:me": {"GET": MEMBER_ONLY},
    "timebank:profile": {"GET": MEMBER_ONLY, "POST": MEMBER_ONLY},
    "timebank:privacy": {"GET": expect(200)},
    # The app: the person as a member, as Robin on the staff pages.
    "portal:time-bank": {"GET": in_app()},
    "portal:time-bank-listings": {"GET": in_app()},
    "portal:time-bank-add-listing": {"GET": in_app(), "POST": in_app()},
    "portal:time-bank-listing": {"GET": in_app()},
    "portal:time-bank-propose": {"GET": in_app(), "POST": in_app()},
    "portal:time-bank-add-session": {"GET": in_app(302), "POST": in_app(302)},
    "portal:time-bank-renew": {"POST": in_app()},
    "portal:time-bank-withdraw": {"POST": in_app()},
    "portal:time-bank-exchange": {"GET": in_app()},
    "portal:time-bank-agree": {"POST": in_app()},
    "portal:time-bank-join": {"POST": in_app(302)},
    "portal:time-bank-confirm": {"POST": in_app()},
    "portal:time-bank-cancel": {"GET": in_app(), "POST": in_app()},
    "portal:time-bank-profile": {"GET": in_app(), "POST": in_app()},
    # The evaluation's figures of people on probation in the Time Bank.
    "evaluation:time-bank": {"GET": expect(404, evaluator=200, programme_manager=200)},
}

# --- Volunteering: the coordinator's pages -----------------------------------------------
# Subjects (``volunteering.testing.scene``): Hull's volunteers, sessions, hours, expenses,
# matches and circles; ``coordinator`` is Hull's. Everyone else gets 404 on all of them.
# Forms posted empty re-render with their errors (200); a one-button action redirects (302),
# with its refusal as a message when there is one. The conflict check without a mentor
# chosen goes back to the referral (302).
VOLUNTEERING_COORDINATOR = expect(404, coordinator=200)
VOLUNTEERING_FORM = {"GET": VOLUNTEERING_COORDINATOR, "POST": VOLUNTEERING_COORDINATOR}
VOLUNTEERING_ACTION = {"POST": expect(404, coordinator=302)}

VOLUNTEERING_MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "volunteering:home": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:volunteers": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:add-volunteer": VOLUNTEERING_FORM,
    "volunteering:volunteer": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:ask-reference": VOLUNTEERING_FORM,
    "volunteering:receive-reference": VOLUNTEERING_FORM,
    "volunteering:ask-check": VOLUNTEERING_FORM,
    "volunteering:decide-check": VOLUNTEERING_FORM,
    "volunteering:suitability": VOLUNTEERING_FORM,
    "volunteering:training": VOLUNTEERING_FORM,
    "volunteering:boundaries": VOLUNTEERING_FORM,
    "volunteering:give-role": VOLUNTEERING_FORM,
    "volunteering:end-role": {"GET": VOLUNTEERING_COORDINATOR, **VOLUNTEERING_ACTION},
    "volunteering:stage": VOLUNTEERING_FORM,
    "volunteering:supervision": VOLUNTEERING_FORM,
    "volunteering:roles": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:add-role": VOLUNTEERING_FORM,
    "volunteering:change-role": VOLUNTEERING_FORM,
    "volunteering:sessions": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:add-session": VOLUNTEERING_FORM,
    "volunteering:session": {"GET": VOLUNTEERING_COORDINATOR},
    # The session is tomorrow: "check in on the day" (302, with the message).
    "volunteering:check-in": VOLUNTEERING_ACTION,
    # Posted without a version: "it changed since you opened it" (200).
    "volunteering:cancel-session": VOLUNTEERING_FORM,
    "volunteering:hours": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:decide-hours": VOLUNTEERING_ACTION,
    "volunteering:decide-change": VOLUNTEERING_ACTION,
    "volunteering:expenses": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:expense": VOLUNTEERING_FORM,
    # The claim is not approved yet: refused (302, with the message).
    "volunteering:pay-expense": VOLUNTEERING_ACTION,
    "volunteering:expense-receipt": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:mentoring": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:mentoring-referral": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:conflict-check": {
        "GET": expect(404, coordinator=302),
        "POST": expect(404, coordinator=302),
    },
    "volunteering:conflict-result": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:end-match": VOLUNTEERING_FORM,
    "volunteering:circles": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:form-circle": VOLUNTEERING_FORM,
    "volunteering:circle": {"GET": VOLUNTEERING_COORDINATOR},
    "volunteering:add-circle-volunteer": VOLUNTEERING_FORM,
    "volunteering:remove-circle-volunteer": {
        "GET": VOLUNTEERING_COORDINATOR,
        **VOLUNTEERING_ACTION,
    },
    "volunteering:add-outer-member": VOLUNTEERING_FORM,
    "volunteering:add-task": VOLUNTEERING_FORM,
    "volunteering:review-circle": VOLUNTEERING_FORM,
    "volunteering:triage": VOLUNTEERING_FORM,
}

# --- Volunteering: a volunteer's own pages, the app's, and the case manager's --------------
# Subjects (``_volunteer_subjects``): the world's volunteer Vic (``volunteer``) has a
# volunteer record in Hull with a recovery group helper's and a circle volunteer's role; the
# world's person volunteers too (lived experience, from the app). Both are in a circle whose
# focus person is Kit (``volunteer_circle_id``), which met (``volunteer_meeting_id``) and has
# a task (``volunteer_task_id``); a session needing the helper role (``volunteer_session_id``),
# which nobody has signed up for; Vic's hours waiting for approval (``volunteer_hours_id``).
# The person has a circle of their own as a focus person. Everyone else gets 404 (a
# coordinator too: they are not a volunteer).
VOLUNTEER_ONLY = expect(404, volunteer=200, community_member=404)
VOLUNTEER_FORM = {"GET": VOLUNTEER_ONLY, "POST": VOLUNTEER_ONLY}
# A button: nothing to withdraw or check in (no sign-up), so back to the session (302).
VOLUNTEER_BUTTON = {"POST": expect(404, volunteer=302, community_member=404)}


def as_volunteer_in_app(person: int = 200) -> dict[str, int]:
    """The app's volunteering pages: the person volunteers; the other person does not."""
    return portal(person=person, other_person=404)


VOLUNTEERING_PEOPLE_MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "volunteering:mine": {"GET": VOLUNTEER_ONLY},
    "volunteering:mine-sessions": {"GET": VOLUNTEER_ONLY},
    "volunteering:mine-session": {"GET": VOLUNTEER_ONLY},
    # Posted empty: "Select the role you will take" (200).
    "volunteering:mine-sign-up": {"POST": VOLUNTEER_ONLY},
    "volunteering:mine-withdraw": VOLUNTEER_BUTTON,
    "volunteering:mine-check-in": VOLUNTEER_BUTTON,
    # Not signed up: the page says only a volunteer signed up sends reminders (200).
    "volunteering:mine-remind": VOLUNTEER_FORM,
    "volunteering:mine-circle": {"GET": VOLUNTEER_ONLY},
    "volunteering:mine-record-meeting": VOLUNTEER_FORM,
    "volunteering:mine-minutes": VOLUNTEER_FORM,
    "volunteering:mine-concern": VOLUNTEER_FORM,
    "volunteering:mine-task-done": VOLUNTEER_BUTTON,
    "volunteering:mine-hours": VOLUNTEER_FORM,
    "volunteering:mine-change-hours": VOLUNTEER_FORM,
    "volunteering:mine-expenses": {"GET": VOLUNTEER_ONLY},
    "volunteering:mine-claim": VOLUNTEER_FORM,
    # The case manager's pages of the record (posted empty: errors, or "already a volunteer").
    "volunteering:readiness": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "volunteering:put-forward": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    # The app: the person as a volunteer, as Vic on the staff pages.
    "portal:volunteering": {"GET": as_volunteer_in_app()},
    "portal:volunteering-sessions": {"GET": as_volunteer_in_app()},
    "portal:volunteering-session": {"GET": as_volunteer_in_app()},
    "portal:volunteering-sign-up": {"POST": as_volunteer_in_app()},
    "portal:volunteering-withdraw": {"POST": as_volunteer_in_app(302)},
    "portal:volunteering-check-in": {"POST": as_volunteer_in_app(302)},
    "portal:volunteering-remind": {"GET": as_volunteer_in_app(), "POST": as_volunteer_in_app()},
    "portal:volunteering-circle": {"GET": as_volunteer_in_app()},
    "portal:volunteering-record-meeting": {
        "GET": as_volunteer_in_app(),
        "POST": as_volunteer_in_app(),
    },
    "portal:volunteering-minutes": {"GET": as_volunteer_in_app(), "POST": as_volunteer_in_app()},
    "portal:volunteering-concern": {"GET": as_volunteer_in_app(), "POST": as_volunteer_in_app()},
    "portal:volunteering-task-done": {"POST": as_volunteer_in_app(302)},
    "portal:volunteering-hours": {"GET": as_volunteer_in_app(), "POST": as_volunteer_in_app()},
    # The hours are Vic's, not the person's: 404, as anything outside their own.
    "portal:volunteering-change-hours": {
        "GET": as_volunteer_in_app(404),
        "POST": as_volunteer_in_app(404),
    },
    "portal:volunteering-expenses": {"GET": as_volunteer_in_app()},
    "portal:volunteering-claim": {"GET": as_volunteer_in_app(), "POST": as_volunteer_in_app()},
    # The focus person's own circle.
    "portal:circle": {"GET": as_volunteer_in_app()},
    # The evaluation's volunteering figures.
    "evaluation:volunteering": {"GET": expect(404, evaluator=200, programme_manager=200)},
}

# --- Staff learning (``learning``) ------------------------------------------------------------
# Subjects (``learning.testing.scene``): Hull's training day and Action Learning Set (members:
# cm, colleague, excluded, coordinator; the senior facilitates), and an entry of cm's log.
# Organisers: Hull's senior case manager and the programme manager (every office).
ORGANISERS = expect(404, senior=200, programme_manager=200)
# Everyone who keeps a learning record (their own).
LEARNERS = expect(
    404,
    cm=200,
    colleague=200,
    senior=200,
    excluded=200,
    elsewhere=200,
    programme_manager=200,
    coordinator=200,
)
LEARNING_MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "learning:home": {"GET": ORGANISERS},
    "learning:add-day": {"GET": ORGANISERS, "POST": ORGANISERS},
    "learning:day": {"GET": ORGANISERS},
    # Posted empty: nobody attended, saved (302).
    "learning:attendance": {"POST": expect(404, senior=302, programme_manager=302)},
    "learning:add-set": {"GET": ORGANISERS, "POST": ORGANISERS},
    # Its organisers, members and facilitator; Beverley's case manager is none of them.
    "learning:set": {"GET": LEARNERS | {"elsewhere": 404}},
    "learning:set-status": {"POST": ORGANISERS},
    "learning:add-meeting": {"POST": ORGANISERS},
    "learning:mine": {"GET": LEARNERS},
    "learning:add-entry": {"GET": LEARNERS, "POST": LEARNERS},
    # The case manager's reflective log entry: theirs alone. Every other persona, their
    # senior, the programme manager, the administrator and the data protection officer
    # included, gets 404, as for an entry that does not exist.
    "learning:entry": {"GET": expect(404, cm=200)},
}

# --- Co-creation (Community Reporting) ------------------------------------------------------
# Subjects (``cocreation.testing.scene``): Hull's reporter group, whose trained reporters are
# ``colleague`` and the ``volunteer``; Alex's story (``world.person``, told to the colleague,
# not to Alex's case manager ``cm``), consented, screened, redacted, highlighted; an insight, a
# workshop and a change; Alex is a co-analyst. The ``programme_manager`` leads co-creation
# (curates and runs workshops) for every office. Reporters' pages: reporters and the lead; a
# case manager who is no reporter gets 404. The consent is already taken (back to the story,
# 302); an empty risk screen saves a screen that did not pass (302).
REPORTERS = expect(404, colleague=200, volunteer=200, programme_manager=200, community_member=404)
REPORTERS_ONLY = expect(404, colleague=200, volunteer=200, community_member=404)
REPORTERS_REDIRECT = expect(
    404, colleague=302, volunteer=302, programme_manager=302, community_member=404
)
LEAD = expect(404, programme_manager=200)
LEAD_FORM = {"GET": LEAD, "POST": LEAD}
SEE_CHANGES = expect(
    404,
    cm=200,
    colleague=200,
    senior=200,
    excluded=200,
    elsewhere=200,
    volunteer=200,
    coordinator=200,
    programme_manager=200,
    community_member=404,
)

COCREATION_MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "cocreation:home": {"GET": REPORTERS},
    "cocreation:capture": {"GET": REPORTERS_ONLY, "POST": REPORTERS_ONLY},
    "cocreation:story": {"GET": REPORTERS},
    "cocreation:recording": {"GET": REPORTERS},
    "cocreation:consent": {"GET": REPORTERS_REDIRECT, "POST": REPORTERS_REDIRECT},
    "cocreation:withdraw": {"GET": REPORTERS, "POST": REPORTERS},
    "cocreation:screen": {"GET": REPORTERS, "POST": REPORTERS_REDIRECT},
    "cocreation:redact": {"GET": REPORTERS, "POST": REPORTERS},
    "cocreation:highlight": LEAD_FORM,
    "cocreation:add-group": LEAD_FORM,
    "cocreation:group": {"GET": LEAD},
    "cocreation:guide": LEAD_FORM,
    "cocreation:add-reporter": LEAD_FORM,
    "cocreation:add-theme": LEAD_FORM,
    "cocreation:add-co-analyst": LEAD_FORM,
    "cocreation:add-insight": LEAD_FORM,
    "cocreation:add-workshop": LEAD_FORM,
    "cocreation:training": LEAD_FORM,
    "cocreation:insight": {"GET": LEAD},
    "cocreation:workshop": {"GET": LEAD},
    "cocreation:add-action": LEAD_FORM,
    "cocreation:action-status": {"POST": expect(404, programme_manager=302)},
    "cocreation:you-said-we-did": {"GET": SEE_CHANGES},
    # The sign-off: the lead only, and the scene's screen is already signed off (refused on
    # the page, 200). Publication per channel: the lead only. By the download the lead's empty
    # risk screen above has failed the story, so nothing may go out: back to the page (302).
    "cocreation:sign-off": LEAD_FORM,
    "cocreation:publication": {"GET": LEAD},
    "cocreation:publication-download": {"POST": expect(404, programme_manager=302)},
    # The app: every person reads "you said, we did"; Alex analyses as a co-analyst.
    "portal:you-said-we-did": {"GET": portal(person=200, other_person=200)},
    "portal:analyse-stories": {"GET": portal(person=200, other_person=404)},
    # Stories in the app: Alex is a trained reporter of the group and the storyteller of the
    # scene's story; the other person is neither (404). Forms posted empty re-render (200).
    "portal:stories": {"GET": portal(person=200, other_person=404)},
    "portal:capture-story": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    "portal:story": {"GET": portal(person=200, other_person=404)},
    "portal:story-consent": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    "portal:story-withdraw": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
}

MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "start": {"GET": expect(302)},
    # Every page of one's own menu (the header's "More"): no one's data.
    "more": {"GET": expect(200)},
    "health": {"GET": expect(200)},
    "staff:sign-in": {"GET": expect(200), "POST": expect(200)},
    "staff:second-factor": {"GET": expect(302), "POST": expect(302)},
    "staff:sign-out": {"POST": expect(302)},
    "caseload:home": {"GET": expect(200)},
    "caseload:team": {"GET": expect(404, senior=200)},
    "caseload:search": {"GET": CASE_HOLDERS},
    "caseload:allocation": {"GET": RECORD},
    "caseload:reallocate": {
        "GET": expect(404, cm=200, senior=200, colleague=403, excluded=403, dpo=403),
        "POST": expect(404, cm=200, senior=200, colleague=403, excluded=403, dpo=403),
    },
    "caseload:handover-read": {
        "POST": expect(404, cm=302, senior=404, colleague=302, excluded=302, dpo=403)
    },
    "caseload:add-person": {
        "GET": expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200),
        "POST": expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200),
    },
    # Importing a case-management extract: the administrator (posted empty: errors, 200).
    "caseload:import-cases": {
        "GET": expect(404, administrator=200),
        "POST": expect(404, administrator=200),
    },
    "people:overview": {"GET": RECORD},
    "people:details": {"GET": RECORD},
    "people:edit": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:sentence": {"GET": RECORD},
    "people:add-order": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:add-requirement": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:end-order": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:consents": {"GET": RECORD},
    "people:add-consent": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:withdraw-consent": {"POST": RECORD_CHANGED},
    "people:history": {"GET": RECORD},
    # Only those whose next step waits for a reason: team colleagues, and the data
    # protection officer (for the access log).
    "access:justify": {
        "GET": expect(404, colleague=200, excluded=200, dpo=200),
        "POST": expect(404, colleague=200, excluded=200, dpo=200),
    },
    "access:log-search": {"GET": expect(404, dpo=200), "POST": expect(404, dpo=200)},
    "access:person-log": {"GET": expect(404, dpo=302)},
    # The data protection officer gives a reason (302 to the justification page) first.
    "access:rules": {"GET": expect(404, dpo=302), "POST": expect(404, dpo=302)},
    "access:end-rule": {"POST": expect(404, dpo=302)},
    # Subject access: the data protection officer only; the request names itself as the
    # reason, so no justification page. Posted empty: errors (200) or back to the request.
    "rights:requests": {"GET": expect(404, dpo=200)},
    "rights:open": {"GET": expect(404, dpo=200), "POST": expect(404, dpo=200)},
    "rights:request": {"GET": expect(404, dpo=200)},
    "rights:release": {"POST": expect(404, dpo=302)},
    "rights:complete": {"POST": expect(404, dpo=302)},
    "rights:reviews": {"GET": expect(404, dpo=200)},
    "rights:review": {"GET": expect(404, dpo=200)},
    "rights:decide": {"POST": expect(404, dpo=302)},
    # The review is only proposed: erasing is refused, back to the review.
    "rights:erase": {"POST": expect(404, dpo=302)},
    "rights:corrections": {"GET": expect(404, dpo=200)},
    "rights:open_correction": {"GET": expect(404, dpo=200), "POST": expect(404, dpo=200)},
    "rights:correction": {"GET": expect(404, dpo=200)},
    "rights:decide_correction": {"POST": expect(404, dpo=200)},
    "staff:change-password": {"GET": expect(200), "POST": expect(200)},
    "staff:list": {"GET": expect(404, administrator=200)},
    "staff:add": {"GET": expect(404, administrator=200), "POST": expect(404, administrator=200)},
    "staff:member": {"GET": expect(404, administrator=200), "POST": expect(404, administrator=200)},
    "staff:change": {"GET": expect(404, administrator=200), "POST": expect(404, administrator=200)},
    # plans: the person's rehabilitation plan, as their record.
    "plans:plan": {"GET": RECORD},
    "plans:add-goal": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:edit-goal": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:goal-status": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:move-goal": {"POST": RECORD_CHANGED},
    "plans:add-step": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:edit-step": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:agree": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:add-note": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:add-conversation": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "plans:version": {"GET": RECORD},
    "plans:privacy": {"GET": RECORD},
    "plans:person-view": {"GET": RECORD},
    "plans:print": {"GET": RECORD},
    "plans:pdf": {"GET": RECORD},
    "plans:share": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    # evaluation: aggregate pages for evaluators and the programme manager; the
    # pseudonymised extract (a disclosure) for the programme manager only.
    "evaluation:home": {"GET": expect(404, evaluator=200, programme_manager=200)},
    "evaluation:impact": {"GET": expect(404, evaluator=200, programme_manager=200)},
    "evaluation:report": {"GET": expect(404, evaluator=200, programme_manager=200)},
    "evaluation:report-csv": {"GET": expect(404, evaluator=200, programme_manager=200)},
    "evaluation:extract": {
        "GET": expect(404, programme_manager=200),
        "POST": expect(404, programme_manager=200),
    },
    # --- notifications and the person's app (portal) ---
    # Every member of staff gets the outbox; what each may read on it is OUTBOX_READS below.
    "notifications:outbox": {"GET": expect(200)},
    "notifications:person-messages": {"GET": RECORD},
    "notifications:preferences": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "app-access:page": {"GET": RECORD},
    "app-access:invite": {"POST": RECORD_CHANGED},
    "app-access:revoke": {"POST": RECORD_CHANGED},
    # The app: staff are sent to the app's sign-in (302); each person reaches only their own.
    "portal:home": {"GET": portal(person=200, other_person=200)},
    "portal:choices": {
        "GET": portal(person=200, other_person=200),
        "POST": portal(person=200, other_person=200),
    },
    "portal:withdraw-consent": {"POST": portal(person=302, other_person=404)},
    "portal:sign-in": {"GET": portal(200, 200, staff=200), "POST": portal(200, 200, staff=200)},
    # Without a code asked for in this session: back to the sign-in page.
    "portal:code": {"GET": portal(302, 302), "POST": portal(302, 302)},
    "portal:sign-out": {"POST": portal(302, 302)},
    # Without an invitation link opened in this session: "this link has stopped working".
    "portal:enrol": {"GET": portal(404, 404, staff=404), "POST": portal(404, 404, staff=404)},
    "portal:enrol-link": {"GET": portal(302, 302)},
    "portal:offline": {"GET": portal(200, 200, staff=200)},
    "portal:manifest": {"GET": portal(200, 200, staff=200)},
    "portal:service-worker": {"GET": portal(200, 200, staff=200)},
    # The footer's pages: everyone, signed in or not, staff or person; nothing to post.
    "pages:accessibility": {"GET": expect(200)},
    "pages:privacy": {"GET": expect(200)},
    "pages:cookies": {"GET": expect(200)},
    "pages:app-privacy": {"GET": expect(200)},
    # assessment and person_centred: the strengths-based assessment and person-centred tools.
    # Reading is a record page; saving posted empty re-renders with errors and saves nothing.
    "assessment:summary": {"GET": RECORD},
    "assessment:history": {"GET": RECORD},
    "assessment:area": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "assessment:version": {"GET": RECORD},
    "person_centred:index": {"GET": RECORD},
    "person_centred:tool": {"GET": RECORD},
    "person_centred:edit": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "person_centred:version": {"GET": RECORD},
    # appointments: a person's appointments are part of their record; diaries and the
    # enforcement list are for case holders; locations for a senior or an administrator.
    "appointments:list": {"GET": RECORD},
    "appointments:arrange": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:detail": {"GET": RECORD},
    "appointments:reschedule": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:cancel": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:outcome": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:decide": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:activity": {"GET": RECORD},
    "appointments:hours": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:diary": {"GET": CASE_HOLDERS},
    "appointments:team-diary": {"GET": expect(404, senior=200)},
    "appointments:calendar": {"GET": CASE_HOLDERS},
    "appointments:enforcement": {"GET": CASE_HOLDERS},
    "appointments:locations": {
        "GET": expect(404, senior=200, administrator=200),
        "POST": expect(404, senior=200, administrator=200),
    },
    "appointments:location": {
        "GET": expect(404, senior=200, administrator=200),
        "POST": expect(404, senior=200, administrator=200),
    },
    # --- my plan and messages (portal) ---
    # Each person reaches their own plan and messages; another person's step is 404. Posted
    # empty, the forms re-render with errors (200) and nothing is saved.
    "portal:plan": {"GET": portal(person=200, other_person=200)},
    "portal:plan-step": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    "portal:plan-how-it-went": {
        "GET": portal(person=200, other_person=200),
        "POST": portal(person=200, other_person=200),
    },
    "portal:plan-agree": {
        "GET": portal(person=200, other_person=200),
        "POST": portal(person=200, other_person=200),
    },
    "portal:messages": {
        "GET": portal(person=200, other_person=200),
        "POST": portal(person=200, other_person=200),
    },
    # The conversation is part of the person's record; the inbox and the flagged list are each
    # case manager's own (their caseload; a senior's team too).
    "messaging:thread": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "messaging:inbox": {"GET": CASE_HOLDERS},
    "messaging:flagged": {"GET": CASE_HOLDERS},
    # --- portal2: about me, my appointments, registering attendance ---
    "portal:about-me": {"GET": portal(person=200, other_person=200)},
    "portal:about-me-add": {
        "GET": portal(person=200, other_person=200),
        "POST": portal(person=200, other_person=200),
    },
    "portal:about-me-confirm": {"POST": portal(person=302, other_person=404)},
    "portal:about-me-correct": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    "portal:appointments": {"GET": portal(person=200, other_person=200)},
    "portal:appointment": {"GET": portal(person=200, other_person=404)},
    "portal:appointment-calendar": {"GET": portal(person=200, other_person=404)},
    "portal:appointment-move": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    "app-access:move-request": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "portal:attend": {
        "GET": portal(person=200, other_person=200),
        "POST": portal(person=200, other_person=200),
    },
    # A session belongs to an office: its case-holding staff run it (empty form: 200).
    "app-access:sessions": {"GET": OFFICE_STAFF, "POST": OFFICE_STAFF},
    "app-access:session": {"GET": HULL_STAFF},
    # Confirming goes through the person's record (colleagues justify first).
    "app-access:confirm-attendance": {
        "POST": expect(404, cm=302, senior=302, colleague=302, excluded=302, dpo=404)
    },
    # --- interventions and referrals ---
    # The catalogue: everyone who refers reads it; the programme manager runs it (forms
    # posted empty re-render with errors; reopening an open one says so and goes back).
    "interventions:catalogue": {"GET": CATALOGUE_READERS},
    "interventions:detail": {"GET": CATALOGUE_READERS},
    "interventions:add": PROGRAMME_MANAGER_FORM,
    "interventions:change": PROGRAMME_MANAGER_FORM,
    "interventions:pause": PROGRAMME_MANAGER_FORM,
    "interventions:reopen": {"POST": expect(404, programme_manager=302)},
    "interventions:withdraw": PROGRAMME_MANAGER_FORM,
    "interventions:organisations": {"GET": expect(404, programme_manager=200)},
    "interventions:add-organisation": PROGRAMME_MANAGER_FORM,
    "interventions:organisation": PROGRAMME_MANAGER_FORM,
    "interventions:decisions": {"GET": expect(404, senior=200)},
    "interventions:groups": {"GET": expect(404, volunteer=200, community_member=404)},
    # A person's referrals are part of their record.
    "interventions:person": {"GET": RECORD},
    "interventions:refer": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "interventions:referral": {"GET": RECORD},
    "interventions:withdraw-referral": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "interventions:close-referral": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    # The partner worker reaches the open referral to their organisation, and nothing else.
    "partner:referrals": {"GET": expect(404, partner=200)},
    "partner:referral": {"GET": expect(404, partner=200)},
    "partner:respond": {"GET": expect(404, partner=200), "POST": expect(404, partner=200)},
    "partner:session": {"GET": expect(404, partner=200), "POST": expect(404, partner=200)},
    "partner:close": {"GET": expect(404, partner=200), "POST": expect(404, partner=200)},
    # The person's "Things that can help me": their own office's interventions.
    "portal:help": {"GET": portal(person=200, other_person=200)},
    "portal:help-interested": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    # --- the Enabling Fund ---
    # A person's requests are part of their record; forms posted empty re-render with errors.
    "fund:person": {"GET": RECORD},
    "fund:ask": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "fund:request": {"GET": RECORD},
    "fund:approve": {"POST": RECORD_FORM_ERRORS},
    "fund:decline": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "fund:pay": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "fund:cancel": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "fund:receipt": {"GET": RECORD},
    "fund:add-receipt": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    # Requests waiting for a decision: whoever may approve some; the programme manager
    # decides the ones only they may approve (``access.policy.fund_requests``).
    "fund:waiting": {"GET": FUND_DECIDERS},
    "fund:decision": {
        "GET": expect(404, programme_manager=200),
        "POST": expect(404, programme_manager=200),
    },
    # The pots: the programme manager's.
    "fund:pots": {"GET": expect(404, programme_manager=200)},
    "fund:add": PROGRAMME_MANAGER_FORM,
    "fund:pot": {"GET": expect(404, programme_manager=200)},
    "fund:money": PROGRAMME_MANAGER_FORM,
    "fund:rules": PROGRAMME_MANAGER_FORM,
    "fund:add-provider": PROGRAMME_MANAGER_FORM,
    "fund:provider": {"POST": expect(404, programme_manager=302)},
    "fund:close": PROGRAMME_MANAGER_FORM,
    "evaluation:fund": {"GET": expect(404, evaluator=200, programme_manager=200)},
    "evaluation:fund-csv": {"GET": expect(404, evaluator=200, programme_manager=200)},
    # The person asks from their app and follows their own requests only.
    "portal:fund": {"GET": portal(person=200, other_person=200)},
    "portal:fund-ask": {
        "GET": portal(person=200, other_person=200),
        "POST": portal(person=200, other_person=200),
    },
    "portal:fund-request": {"GET": portal(person=200, other_person=404)},
    "portal:fund-cancel": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    "portal:fund-receipt": {"GET": portal(person=200, other_person=404)},
    "portal:fund-add-receipt": {
        "GET": portal(person=200, other_person=404),
        "POST": portal(person=200, other_person=404),
    },
    # --- The Time Bank (``timebank``; the app's pages under portal:time-bank) ---
    **TIME_BANK_MATRIX,
    # --- Volunteering: the coordinator's pages ---
    **VOLUNTEERING_MATRIX,
    # --- Volunteering: a volunteer's own pages, the app's, the case manager's ---
    **VOLUNTEERING_PEOPLE_MATRIX,
    # --- The API: one's own tokens, and the schema and its docs, for the staff who may use
    # it (case-holding roles); the form posted empty re-renders with its errors. Revoking
    # the case manager's token: theirs (302), anyone else's 404. ---
    "api-tokens:list": {"GET": API_USERS, "POST": API_USERS},
    "api-tokens:revoke": {"POST": expect(404, cm=302)},
    "api:openapi-json": {"GET": API_USERS},
    "api:api-root": {"GET": expect(404)},
    **{name: {"GET": expect(401)} for name in API_OPERATIONS},
    # --- Staff learning ---
    **LEARNING_MATRIX,
    # --- Co-creation (Community Reporting) ---
    **COCREATION_MATRIX,
}

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def all_url_names() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    raise AssertionError(f"URL {pattern.pattern} has no name")
                yield f"{namespace}{pattern.name}", pattern

    return walk(get_resolver().url_patterns, "")


def _subjects(world: World) -> dict[str, Callable[[], Any]]:
    """What each URL parameter stands for in the matrix."""
    consent = Consent.objects.create(
        person=world.person,
        purpose="reminders",
        given_on=timezone.localdate(),
        recorded_by=world.cm,
    )
    allocation = Allocation.objects.get(person=world.person, ended_at__isnull=True)
    handover = Handover.objects.create(
        allocation=allocation,
        what_matters="Seeing her children",
        key_history="Moved to Hull last year",
        written_by=world.senior,
        written_at=timezone.now(),
    )
    plan_goal, plan_step, plan_version = a_plan(world.person, world.cm)
    answer = assessment_testing.area_answer(world.person, by=world.cm)
    profile = person_centred_testing.one_page_profile(world.person, by=world.cm)
    appointment, unpaid_work, location = appointment_subjects(world)
    move_request = MoveRequest.objects.create(
        person=world.person, appointment=appointment, reason="Work"
    )
    session = a_session(world.cm)
    attended = Attendance.objects.create(session=session, person=world.person)
    assert world.partner.organisation is not None
    intervention = an_intervention(world.hull, provider=world.partner.organisation)
    intervention.volunteers.add(world.volunteer)
    referral = a_referral(world.person, intervention, world.cm)
    fund_request = fund_testing.a_decided_request_with_receipt(world)
    api_token, _secret = a_token(world.cm)
    time_bank = _time_bank_subjects(world)
    subject_access = SubjectAccessRequest.objects.create(
        person=world.person,
        received_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
        requester="The person",
        identity_checked="Passport seen at the office",
        opened_by=world.dpo,
    )
    review = ErasureReview.objects.create(
        person=world.person,
        record_type="case",
        case_ended_on=timezone.localdate() - timedelta(days=3000),
        kept_until=timezone.localdate() - timedelta(days=400),
    )
    correction = RectificationRequest.objects.create(
        person=world.person,
        received_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
        requester="The person",
        what_is_wrong="My address is wrong",
        opened_by=world.dpo,
    )
    # The coordinator's scene first: it makes the roles, which the volunteer's subjects reuse.
    coordinating = _volunteering_subjects(world)
    volunteering = _volunteer_subjects(world, intervention)
    learning = {
        key: functools.partial(lambda value: value, value)
        for key, value in learning_testing.scene_subjects(learning_testing.scene(world)).items()
    }
    cocreation = {
        key: functools.partial(lambda value: value, value)
        for key, value in cocreation_testing.scene(world).items()
    }
    cocreation_testing.a_reporter(
        Story.objects.get(pk=cocreation["story_id"]()).group, person=world.person
    )
    return (
        time_bank
        | cocreation
        | coordinating
        | volunteering
        | learning
        | {
            "person_id": lambda: world.person.pk,
            "order_id": lambda: world.person.orders.get().pk,
            "consent_id": lambda: consent.pk,
            "handover_id": lambda: handover.pk,
            "rule_id": lambda: world.restricted_person.restriction.pk,
            "user_id": lambda: world.cm.pk,
            # plans
            "goal_id": lambda: plan_goal.pk,
            "step_id": lambda: plan_step.pk,
            "version_id": lambda: plan_version.pk,
            # notifications and the person's app (portal)
            "token": lambda: "an-invitation-token-that-matches-nothing",
            # assessment and person_centred
            "area": lambda: "accommodation",
            "area_version": lambda: answer.number,
            "tool": lambda: "one-page-profile",
            "tool_version": lambda: profile.number,
            # appointments
            "appointment_id": lambda: appointment.pk,
            "requirement_id": lambda: unpaid_work.pk,
            "location_id": lambda: location.pk,
            # portal2
            "statement_id": lambda: profile.statements.get(said_by="case_manager").pk,
            "move_id": lambda: move_request.pk,
            "session_id": lambda: session.pk,
            "attendance_id": lambda: attended.pk,
            # interventions
            "intervention_id": lambda: intervention.pk,
            "organisation_id": lambda: intervention.provider_id,
            "referral_id": lambda: referral.pk,
            # the Enabling Fund
            "request_id": lambda: fund_request.pk,
            "fund_id": lambda: fund_request.fund_id,
            "provider_id": lambda: fund_request.provider_id,
            # data rights
            "sar_id": lambda: subject_access.pk,
            "review_id": lambda: review.pk,
            "rectification_id": lambda: correction.pk,
            # the API
            "token_id": lambda: api_token.pk,
        }
    )


def _volunteering_subjects(world: World) -> dict[str, Callable[[], Any]]:
    """Hull's volunteering (see ``VOLUNTEERING_MATRIX``)."""
    found = volunteering_testing.scene_subjects(volunteering_testing.scene(world))
    return {key: functools.partial(lambda value: value, value) for key, value in found.items()}


def _time_bank_subjects(world: World) -> dict[str, Callable[[], Any]]:
    """The world's Time Bank (see ``TIME_BANK_MATRIX``)."""
    bank, _robin = timebank_testing.worlds_bank(world)
    timebank_testing.a_member(
        bank, world.partner, "Alex", kind=MemberKind.REFERRED, person=world.person
    )
    jo = timebank_testing.a_member(bank, world.partner, "Jo")
    kim = timebank_testing.a_member(bank, world.partner, "Kim")
    actor = timebank_testing.coordinator(world.partner)
    offer = listings.add(
        actor=actor, member=jo, kind="offer", skill="gardening", title="Help in your garden"
    )
    painting = listings.add(
        actor=actor,
        member=jo,
        kind="offer",
        skill="decorating",
        title="Painting together",
        is_group=True,
    )
    session = taking_part.add_session(
        actor=actor,
        listing=painting,
        by=None,
        happens_on=timezone.localdate() + timedelta(days=1),
        minutes=60,
        place="hub",
    )
    return {
        "member_id": lambda: kim.pk,
        "listing_id": lambda: offer.pk,
        "exchange_id": lambda: session.pk,
    }


def _volunteer_subjects(world: World, intervention: Intervention) -> dict[str, Callable[[], Any]]:
    """The world's volunteers, a circle, a session and hours (see
    ``VOLUNTEERING_PEOPLE_MATRIX``)."""
    coord = volunteering_testing.coordinator(world)
    actor = volunteering_testing.as_coordinator(coord)
    helper, in_circles = volunteering_builders.helper_role(), volunteering_builders.circle_role()
    vic = volunteering_builders.worlds_volunteer(world, coord, helper, in_circles)
    alex = volunteering_testing.vetted(
        coord,
        in_circles,
        first_name=world.person.known_as,
        last_name=world.person.last_name,
        person=world.person,
    )
    vetting.give_role(actor=actor, volunteer=alex, role=helper)
    circle = volunteering_builders.a_circle(
        world,
        coord,
        person=PersonFactory.create(team=world.team_a, first_name="Kit", last_name="Fairley"),
        volunteers=[vic, alex, *volunteering_builders.circle_volunteers(coord, 1)],
    )
    meeting = volunteer_circles.record_meeting(
        actor=actor,
        circle=circle,
        by=vic,
        held_at=timezone.now() - timedelta(hours=2),
        person_attended=True,
        attended=[vic, alex],
    )
    task = volunteer_circles.add_task(actor=actor, circle=circle, what="Find a bus timetable")
    volunteering_builders.a_circle(world, coord)  # the person's own, as a focus person
    session = volunteering_builders.a_session(world, coord, helper, intervention=intervention)
    hours = volunteer_sessions.log_hours(
        actor=actor, volunteer=vic, on=timezone.localdate(), minutes=90, what="Set up the room"
    )
    return {
        "volunteer_session_id": lambda: session.pk,
        "volunteer_circle_id": lambda: circle.pk,
        "volunteer_meeting_id": lambda: meeting.pk,
        "volunteer_task_id": lambda: task.pk,
        "volunteer_hours_id": lambda: hours.pk,
    }


def _url(name: str, pattern: URLPattern, subjects: dict[str, Callable[[], Any]]) -> str:
    kwargs = {key: subjects[key]() for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def test_every_url_is_in_the_matrix() -> None:
    missing = sorted(name for name, _ in all_url_names() if name not in MATRIX)
    assert not missing, f"Add these URLs to the authorisation matrix: {missing}"
    stale = sorted(set(MATRIX) - {name for name, _ in all_url_names()})
    assert not stale, f"These matrix entries name no URL: {stale}"


def _expected(name: str, method: str, persona: str) -> int:
    statuses = MATRIX[name].get(method, {})
    if name in API_OPERATIONS:
        return statuses.get("cm", 405)
    if persona in PORTAL_PERSONAS and "person" not in MATRIX[name].get(
        next(iter(MATRIX[name])), {}
    ):
        # A person signed in to the app, on a staff URL: public, or sent to the staff sign-in
        # whatever the method (sign-in comes before the method check).
        return statuses.get("cm", 405) if name in PUBLIC else 302
    return statuses.get(persona, 405)


def _client(world: World, persona: str) -> Client:
    if persona == "person":
        return portal_sign_in(Client(), world.person)
    if persona == "other_person":
        return portal_sign_in(Client(), world.other_person)
    return sign_in(Client(), world.personas()[persona])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS + PORTAL_PERSONAS)
def test_the_matrix(world: World, persona: str) -> None:
    subjects = _subjects(world)
    failures = []
    for name, pattern in all_url_names():
        for method in METHODS:
            expected = _expected(name, method, persona)
            if name == "staff:sign-out" or (name == "start" and method != "GET"):
                continue  # signing out, or methods on a redirect, are tested elsewhere
            client = _client(world, persona)
            response = client.generic(method, _url(name, pattern, subjects))
            if response.status_code != expected:
                failures.append(f"{method} {name}: expected {expected}, got {response.status_code}")
            elif not response.streaming and b"---------" in response.content:
                # Django's bare blank choice: every select says what to choose (issue 20).
                failures.append(f"{method} {name}: a select offers '---------'")
    assert not failures, "\n".join(failures)
    # Whatever staff did on the way, every entry about a person says the relation that let
    # them in (the actor carries it from the guard; no service defaults it).
    blank = AccessLogEntry.objects.filter(
        actor_id__isnull=False, subject_id__isnull=False, relation=""
    ).values_list("what", flat=True)
    assert not list(blank), f"Staff entries about a person with no relation: {list(blank)}"


@pytest.mark.django_db
def test_every_page_needs_sign_in(world: World) -> None:
    subjects = _subjects(world)
    sign_in_url = reverse("staff:sign-in")
    portal_sign_in_url = reverse("portal:sign-in")
    for name, pattern in all_url_names():
        if name in PUBLIC or name in PORTAL_PUBLIC or name in API_OPERATIONS:
            continue  # the API's operations: ``test_the_api_needs_a_token``
        for method in MATRIX[name]:
            response = Client().generic(method, _url(name, pattern, subjects))
            assert response.status_code == 302, (method, name)
            expected = portal_sign_in_url if name.startswith("portal:") else sign_in_url
            assert response["Location"].startswith(expected), (method, name)


@pytest.mark.django_db
def test_a_password_alone_reaches_nothing(world: World) -> None:
    """Signed in without the second factor: every page sends you to the code page."""
    subjects = _subjects(world)
    code_url = reverse("staff:second-factor")
    client = Client()
    client.force_login(world.cm)
    for name, pattern in all_url_names():
        if name in PUBLIC or name == "staff:second-factor" or name.startswith("portal:"):
            continue  # the app's pages answer to the app's own sign-in, tested there
        if name in API_OPERATIONS:
            continue  # a token, never a session (``test_the_api_needs_a_token``)
        response = client.get(_url(name, pattern, subjects))
        if "GET" in MATRIX[name]:
            assert response.status_code == 302, name
            assert response["Location"].startswith(code_url), name


def _api_operations(world: World) -> list[tuple[str, str]]:
    subjects = _subjects(world)
    found = [(name, _url(name, pattern, subjects)) for name, pattern in all_url_names()]
    operations = [(name, url) for name, url in found if name in API_OPERATIONS]
    assert {name for name, _ in operations} == API_OPERATIONS
    return operations


@pytest.mark.django_db
def test_the_api_needs_a_token(world: World) -> None:
    """Every API operation, without a token, with a made-up one, and with a session: 401."""
    _token, secret = a_token(world.cm)
    forged = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    for name, url in _api_operations(world):
        for client, headers in (
            (Client(), {}),
            (Client(), bearer(forged)),
            (Client(), bearer("mdt_00000000_nothing")),
            (Client(), {"Authorization": f"Token {secret}"}),
            (sign_in(Client(), world.cm), {}),
        ):
            response = client.get(url, headers=headers)
            assert response.status_code == 401, (name, headers)
            assert response["WWW-Authenticate"] == "Bearer", name
        assert Client().get(url, headers=bearer(secret)).status_code == 200, name


# With a token of their own (all scopes), for ``world.person`` (held by ``cm``): what the
# record pages give, except that a colleague's reason cannot be given through the API (403),
# and the excluded colleague likewise. The list answers everyone who may use the API.
API_BY_TOKEN = {"cm": 200, "senior": 200, "colleague": 403, "excluded": 403, "elsewhere": 404}


@pytest.mark.django_db
def test_the_api_matrix(world: World) -> None:
    operations = _api_operations(world)
    failures = []
    for persona, status in API_BY_TOKEN.items():
        _token, secret = a_token(world.personas()[persona])
        for name, url in operations:
            expected = 200 if name == "api:people" else status
            response = Client().get(url, headers=bearer(secret))
            if response.status_code != expected:
                failures.append(
                    f"{persona} {name}: expected {expected}, got {response.status_code}"
                )
            for method in ("POST", "PUT", "PATCH", "DELETE"):
                answered = Client().generic(method, url, headers=bearer(secret)).status_code
                if answered != 405:
                    failures.append(f"{persona} {method} {name}: expected 405, got {answered}")
    assert not failures, "\n".join(failures)


SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["cm", "dpo", "senior"])
def test_every_page_sends_security_headers(world: World, persona: str) -> None:
    subjects = _subjects(world)
    client = sign_in(Client(), world.personas()[persona])
    for name, pattern in all_url_names():
        response = client.get(_url(name, pattern, subjects))
        policy = response.get("Content-Security-Policy", "")
        if policy == FILE_POLICY:
            # A stored file (a receipt), from ``uploads.serving``: its own, stricter policy
            # (nothing runs, nothing loads but the image) and "private, no-store".
            expected = SECURITY_HEADERS | {"Cache-Control": "private, no-store"}
            for header, value in expected.items():
                assert response.get(header) == value, (name, header, response.get(header))
            continue
        for header, value in SECURITY_HEADERS.items():
            assert response.get(header) == value, (name, header, response.get(header))
        assert "script-src 'self'" in policy, name
        assert "'unsafe-inline'" not in policy, name
        assert "frame-ancestors 'none'" in policy, name
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            # The page's own boot script runs only because it carries this response's nonce.
            nonce = policy.split("'nonce-")[1].split("'")[0]
            assert f'nonce="{nonce}"' in response.content.decode(), name


# Person-scoped pages that show nothing of the record: the justification page asks why
# before anything is shown (only the case reference appears).
SHOWS_NO_RECORD = {"access:justify"}


@pytest.mark.django_db
def test_every_page_of_a_record_is_in_the_access_log(world: World) -> None:
    """A view of personal data that writes no access-log entry fails here."""
    subjects = _subjects(world)
    client = sign_in(Client(), world.cm)
    for name, pattern in all_url_names():
        url = _url(name, pattern, subjects)
        if "person_id" not in pattern.pattern.regex.groupindex or "GET" not in MATRIX[name]:
            continue
        if name in SHOWS_NO_RECORD:
            continue
        if MATRIX[name]["GET"]["cm"] != 200:
            continue
        before = AccessLogEntry.objects.count()
        assert client.get(url).status_code == 200
        entry = AccessLogEntry.objects.order_by("-id").first()
        assert AccessLogEntry.objects.count() > before, name
        assert entry is not None
        assert entry.operation == Operation.CONSULT, name
        assert entry.subject_id == world.person.pk, name
        assert entry.actor_id == world.cm.pk, name


def _entries_after(last_id: int) -> list[tuple[str, Any, Any, str]]:
    entries = AccessLogEntry.objects.filter(id__gt=last_id).order_by("id")
    return [(e.operation, e.subject_id, e.actor_id, e.what) for e in entries]


def _last_entry_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.django_db
def test_a_form_posted_with_errors_is_in_the_access_log(world: World) -> None:
    """A form of a person's record posted empty re-renders the page with the record on it:
    one consultation, as the same page by GET writes, whatever the method."""
    subjects = _subjects(world)
    client = sign_in(Client(), world.cm)
    checked = []
    for name, pattern in all_url_names():
        if "person_id" not in pattern.pattern.regex.groupindex:
            continue
        if MATRIX[name].get("POST", {}).get("cm") != 200:
            continue
        url = _url(name, pattern, subjects)
        last = _last_entry_id()
        response = client.post(url, {})
        assert response.status_code == 200, name
        written = [
            (operation, subject, actor) for operation, subject, actor, _ in _entries_after(last)
        ]
        assert written == [(Operation.CONSULT, world.person.pk, world.cm.pk)], name
        checked.append(name)
    assert len(checked) >= 20, checked


# The outbox (development and the demo): the people whose messages each persona reads there,
# the people they may open without giving a reason. Anyone else on the list (everyone, for the
# data protection officer, the administrator and the other roles) is only counted.
OUTBOX_READS: dict[str, set[str]] = {
    "cm": {"person", "restricted_person"},
    "senior": {"person", "restricted_person", "excluded_from_person", "unallocated_person"},
    "colleague": {"excluded_from_person"},
    "elsewhere": {"other_person"},
}
WORLD_PEOPLE = (
    "person",
    "other_person",
    "restricted_person",
    "excluded_from_person",
    "unallocated_person",
)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_outbox_shows_only_people_opened_without_a_reason(world: World, persona: str) -> None:
    codes = {}
    for number, name in enumerate(WORLD_PEOPLE, start=1):
        codes[name] = f"{number}0{number}0{number}0"
        MessageFactory.create(
            person=getattr(world, name),
            purpose=Purpose.SIGN_IN_CODE,
            template="sign_in_code",
            personalisation={"code": codes[name]},
        )
    response = sign_in(Client(), world.personas()[persona]).get(reverse("notifications:outbox"))
    assert response.status_code == 200
    page = response.content.decode()
    reads = OUTBOX_READS.get(persona, set())
    shown = {row["message"].person_id for row in response.context["rows"]}
    assert shown == {getattr(world, name).pk for name in reads}
    for name in WORLD_PEOPLE:
        person = getattr(world, name)
        assert (codes[name] in page) is (name in reads), name
        assert (person.last_name in page) is (name in reads), name
    # Each person shown is logged as consulted; nobody else.
    logged = AccessLogEntry.objects.filter(what="Notifications outbox")
    assert set(logged.values_list("subject_id", flat=True)) == shown
    assert set(logged.values_list("operation", flat=True)) <= {Operation.CONSULT}
    # Everyone sees how many messages there are, and no more.
    assert response.context["counts"][0].count == len(WORLD_PEOPLE)
