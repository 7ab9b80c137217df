from django.urls import path

from mydirection.plans import views

app_name = "plans"
urlpatterns = [
    path("<uuid:person_id>/plan/", views.plan, name="plan"),
    path("<uuid:person_id>/plan/add-goal/", views.add_goal, name="add-goal"),
    path("<uuid:person_id>/plan/goals/<uuid:goal_id>/", views.edit_goal, name="edit-goal"),
    path(
        "<uuid:person_id>/plan/goals/<uuid:goal_id>/status/",
        views.goal_status,
        name="goal-status",
    ),
    path("<uuid:person_id>/plan/goals/<uuid:goal_id>/move/", views.move_goal, name="move-goal"),
    path("<uuid:person_id>/plan/goals/<uuid:goal_id>/add-step/", views.add_step, name="add-step"),
    path("<uuid:person_id>/plan/steps/<uuid:step_id>/", views.edit_step, name="edit-step"),
    path("<uuid:person_id>/plan/agreement/", views.agree, name="agree"),
    path("<uuid:person_id>/plan/notes/add/", views.add_note, name="add-note"),
    path(
        "<uuid:person_id>/plan/conversations/add/",
        views.add_conversation,
        name="add-conversation",
    ),
    path("<uuid:person_id>/plan/versions/<uuid:version_id>/", views.version, name="version"),
    path("<uuid:person_id>/plan/privacy/", views.privacy, name="privacy"),
    path("<uuid:person_id>/plan/yours/", views.person_view, name="person-view"),
    path("<uuid:person_id>/plan/print/", views.print_plan, name="print"),
    path("<uuid:person_id>/plan/plan.pdf", views.plan_pdf, name="pdf"),
    path("<uuid:person_id>/plan/share/", views.share, name="share"),
]
