"""The volunteer's own pages (/volunteering/mine/) and the case manager's volunteering pages
of a person's record (/volunteering/people/<id>/). Included by ``urls.py`` (the
coordinator's), in the ``volunteering`` namespace."""

from django.urls import path

from mydirection.volunteering.views import mine, readiness

SESSION = "mine/sessions/<uuid:volunteer_session_id>/"
CIRCLE = "mine/circles/<uuid:volunteer_circle_id>/"

urlpatterns = [
    # A volunteer's own: sessions, circles, tasks, hours, expenses (``Capability.VOLUNTEER``).
    path("mine/", mine.home, name="mine"),
    path("mine/sessions/", mine.sessions, name="mine-sessions"),
    path(SESSION, mine.session, name="mine-session"),
    path(f"{SESSION}sign-up/", mine.sign_up, name="mine-sign-up"),
    path(f"{SESSION}withdraw/", mine.withdraw, name="mine-withdraw"),
    path(f"{SESSION}check-in/", mine.check_in, name="mine-check-in"),
    path(f"{SESSION}remind/", mine.remind, name="mine-remind"),
    path(CIRCLE, mine.circle, name="mine-circle"),
    path(f"{CIRCLE}meetings/add/", mine.record_meeting, name="mine-record-meeting"),
    path(
        f"{CIRCLE}meetings/<uuid:volunteer_meeting_id>/minutes/", mine.minutes, name="mine-minutes"
    ),
    path(f"{CIRCLE}concern/", mine.concern, name="mine-concern"),
    path(f"{CIRCLE}tasks/<uuid:volunteer_task_id>/done/", mine.task_done, name="mine-task-done"),
    path("mine/hours/", mine.hours, name="mine-hours"),
    path(
        "mine/hours/<uuid:volunteer_hours_id>/change/", mine.change_hours, name="mine-change-hours"
    ),
    path("mine/expenses/", mine.expenses, name="mine-expenses"),
    path("mine/expenses/claim/", mine.claim, name="mine-claim"),
    # A person's record: talking about volunteering, and putting them forward.
    path("people/<uuid:person_id>/talk/", readiness.talk, name="readiness"),
    path("people/<uuid:person_id>/put-forward/", readiness.put_forward, name="put-forward"),
]
