from django.urls import path

from mydirection.portal.views import (
    about_me,
    attend,
    choices,
    help,
    home,
    messages,
    my_appointments,
    my_plan,
    offline,
    sign_in,
)

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", sign_in.sign_in, name="sign-in"),
    path("sign-in/code/", sign_in.code, name="code"),
    path("sign-out/", sign_in.sign_out, name="sign-out"),
    path("enrol/", sign_in.enrol, name="enrol"),
    path("enrol/<str:token>/", sign_in.enrol_link, name="enrol-link"),
    path("choices/", choices.choices, name="choices"),
    path(
        "choices/consents/<uuid:consent_id>/withdraw/",
        choices.withdraw_consent,
        name="withdraw-consent",
    ),
    path("plan/", my_plan.plan, name="plan"),
    path("plan/steps/<uuid:step_id>/", my_plan.step, name="plan-step"),
    path("plan/how-it-went/", my_plan.how_it_went, name="plan-how-it-went"),
    path("plan/agree/", my_plan.agree, name="plan-agree"),
    path("messages/", messages.thread, name="messages"),
    path("about-me/", about_me.about_me, name="about-me"),
    path("about-me/add/", about_me.add, name="about-me-add"),
    path("about-me/<uuid:statement_id>/right/", about_me.confirm, name="about-me-confirm"),
    path("about-me/<uuid:statement_id>/wrong/", about_me.correct, name="about-me-correct"),
    path("appointments/", my_appointments.appointments, name="appointments"),
    path("appointments/<uuid:appointment_id>/", my_appointments.appointment, name="appointment"),
    path(
        "appointments/<uuid:appointment_id>/calendar.ics",
        my_appointments.calendar,
        name="appointment-calendar",
    ),
    path("appointments/<uuid:appointment_id>/move/", my_appointments.move, name="appointment-move"),
    path("attend/", attend.attend, name="attend"),
    path("help/", help.help_list, name="help"),
    path("help/<uuid:intervention_id>/", help.interested, name="help-interested"),
    path("offline/", offline.offline, name="offline"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service-worker"),
]
