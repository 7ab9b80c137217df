"""Volunteering on the staff site (/volunteering/): the coordinator's pages here; a
volunteer's own pages in ``volunteer_urls``, in the same namespace.

The coordinator's URL names: home; volunteers, add-volunteer, volunteer, ask-reference,
receive-reference, ask-check, decide-check, suitability, training, boundaries, give-role,
end-role, stage, supervision; roles, add-role, change-role; sessions, add-session, session,
check-in, cancel-session; hours, decide-hours, decide-change; expenses, expense, pay-expense,
expense-receipt; mentoring, mentoring-referral, conflict-check, conflict-result, end-match;
circles, form-circle, circle, add-circle-volunteer, remove-circle-volunteer, add-outer-member,
add-task, triage, review-circle.
"""

from django.urls import include, path

from mydirection.volunteering.views import (
    coordinator,
    coordinator_circles,
    coordinator_expenses,
    coordinator_mentoring,
    coordinator_roles,
    coordinator_sessions,
    coordinator_vetting,
)

app_name = "volunteering"

V = "volunteers/<uuid:volunteer_id>/"
S = "sessions/<uuid:group_session_id>/"
C = "circles/<uuid:circle_id>/"
vet = coordinator_vetting

urlpatterns = [
    path("", coordinator.home, name="home"),
    # Volunteers and their vetting.
    path("volunteers/", coordinator.volunteer_list, name="volunteers"),
    path("volunteers/add/", coordinator.add_volunteer, name="add-volunteer"),
    path(V, coordinator.volunteer_page, name="volunteer"),
    path(V + "references/ask/", vet.ask_reference, name="ask-reference"),
    path(V + "references/<uuid:reference_id>/", vet.receive_reference, name="receive-reference"),
    path(V + "checks/ask/", vet.ask_check, name="ask-check"),
    path(V + "checks/<uuid:check_id>/", vet.decide_check, name="decide-check"),
    path(V + "suitability/", vet.suitability, name="suitability"),
    path(V + "training/", vet.training, name="training"),
    path(V + "boundaries/", vet.boundaries, name="boundaries"),
    path(V + "roles/give/", vet.give_role, name="give-role"),
    path(V + "roles/<uuid:placement_id>/end/", vet.end_role, name="end-role"),
    path(V + "stage/", vet.stage, name="stage"),
    path(V + "supervision/", vet.supervision, name="supervision"),
    # The role catalogue.
    path("roles/", coordinator_roles.role_list, name="roles"),
    path("roles/add/", coordinator_roles.add_role, name="add-role"),
    path("roles/<uuid:role_id>/", coordinator_roles.change_role, name="change-role"),
    # Sessions and hours.
    path("sessions/", coordinator_sessions.session_list, name="sessions"),
    path("sessions/add/", coordinator_sessions.add_session, name="add-session"),
    path(S, coordinator_sessions.session, name="session"),
    path(S + "shifts/<uuid:shift_id>/check-in/", coordinator_sessions.check_in, name="check-in"),
    path(S + "cancel/", coordinator_sessions.cancel_session, name="cancel-session"),
    path("hours/", coordinator_sessions.hours_list, name="hours"),
    path("hours/<uuid:hours_id>/", coordinator_sessions.decide_hours, name="decide-hours"),
    path(
        "hours/changes/<uuid:change_id>/",
        coordinator_sessions.decide_change,
        name="decide-change",
    ),
    # Expenses.
    path("expenses/", coordinator_expenses.expense_list, name="expenses"),
    path("expenses/<uuid:expense_id>/", coordinator_expenses.expense, name="expense"),
    path("expenses/<uuid:expense_id>/pay/", coordinator_expenses.pay, name="pay-expense"),
    path(
        "expenses/<uuid:expense_id>/receipt/",
        coordinator_expenses.receipt,
        name="expense-receipt",
    ),
    # Peer mentoring.
    path("mentoring/", coordinator_mentoring.mentoring_home, name="mentoring"),
    path(
        "mentoring/referrals/<uuid:mentoring_referral_id>/",
        coordinator_mentoring.mentoring_referral,
        name="mentoring-referral",
    ),
    path(
        "mentoring/referrals/<uuid:mentoring_referral_id>/check/",
        coordinator_mentoring.conflict_check,
        name="conflict-check",
    ),
    path(
        "mentoring/checks/<uuid:conflict_check_id>/",
        coordinator_mentoring.conflict_result,
        name="conflict-result",
    ),
    path(
        "mentoring/matches/<uuid:match_id>/end/", coordinator_mentoring.end_match, name="end-match"
    ),
    # Life Links circles.
    path("circles/", coordinator_circles.circle_list, name="circles"),
    path(
        "circles/referrals/<uuid:circle_referral_id>/form/",
        coordinator_circles.form_circle,
        name="form-circle",
    ),
    path(C, coordinator_circles.circle, name="circle"),
    path(
        C + "volunteers/add/", coordinator_circles.add_circle_volunteer, name="add-circle-volunteer"
    ),
    path(
        C + "volunteers/<uuid:circle_member_id>/remove/",
        coordinator_circles.remove_circle_volunteer,
        name="remove-circle-volunteer",
    ),
    path(C + "outer/add/", coordinator_circles.add_outer_member, name="add-outer-member"),
    path(C + "tasks/add/", coordinator_circles.add_task, name="add-task"),
    path(C + "review/", coordinator_circles.review, name="review-circle"),
    path("concerns/<uuid:concern_id>/triage/", coordinator_circles.triage, name="triage"),
    # A volunteer's own pages.
    path("", include("mydirection.volunteering.volunteer_urls")),
]
