from django.urls import path

from mydirection.portal.views import sessions, staff

app_name = "app-access"
urlpatterns = [
    path("people/<uuid:person_id>/app/", staff.access, name="page"),
    path("people/<uuid:person_id>/app/invite/", staff.invite, name="invite"),
    path("people/<uuid:person_id>/app/revoke/", staff.revoke, name="revoke"),
    path(
        "people/<uuid:person_id>/app/move-requests/<uuid:move_id>/",
        staff.move_request,
        name="move-request",
    ),
    path("attendance/", sessions.sessions, name="sessions"),
    path("attendance/<uuid:session_id>/", sessions.session, name="session"),
    path(
        "attendance/<uuid:session_id>/confirm/<uuid:attendance_id>/",
        sessions.confirm,
        name="confirm-attendance",
    ),
]
