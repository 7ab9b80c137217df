from django.urls import path

from mydirection.portal import attend_views, staff_views

app_name = "app-access"
urlpatterns = [
    path("people/<uuid:person_id>/app/", staff_views.access, name="page"),
    path("people/<uuid:person_id>/app/invite/", staff_views.invite, name="invite"),
    path("people/<uuid:person_id>/app/revoke/", staff_views.revoke, name="revoke"),
    path(
        "people/<uuid:person_id>/app/move-requests/<uuid:move_id>/",
        staff_views.move_request,
        name="move-request",
    ),
    path("attendance/", attend_views.sessions, name="sessions"),
    path("attendance/<uuid:session_id>/", attend_views.session, name="session"),
    path(
        "attendance/<uuid:session_id>/confirm/<uuid:attendance_id>/",
        attend_views.confirm,
        name="confirm-attendance",
    ),
]
