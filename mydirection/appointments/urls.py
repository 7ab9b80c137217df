from django.urls import path

from mydirection.appointments import views

app_name = "appointments"
PERSON = "people/<uuid:person_id>/"
ONE = PERSON + "appointments/<uuid:appointment_id>/"
urlpatterns = [
    path(PERSON + "appointments/", views.person_list, name="list"),
    path(PERSON + "appointments/arrange/", views.arrange, name="arrange"),
    path(ONE, views.detail, name="detail"),
    path(ONE + "reschedule/", views.reschedule, name="reschedule"),
    path(ONE + "cancel/", views.cancel, name="cancel"),
    path(ONE + "outcome/", views.outcome, name="outcome"),
    path(ONE + "enforcement/", views.decide, name="decide"),
    path(PERSON + "activity/", views.activity, name="activity"),
    path(PERSON + "unpaid-work/<uuid:requirement_id>/", views.hours, name="hours"),
    path("diary/", views.diary, name="diary"),
    path("diary/team/", views.team_diary, name="team-diary"),
    path("diary/calendar.ics", views.calendar, name="calendar"),
    path("enforcement/", views.enforcement, name="enforcement"),
    path("locations/", views.locations, name="locations"),
    path("locations/<uuid:location_id>/", views.locations, name="location"),
]
