from django.urls import path

from mydirection.portal import about_me, attend_views, my_appointments, my_messages, my_plan, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.code, name="code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("enrol/", views.enrol, name="enrol"),
    path("enrol/<str:token>/", views.enrol_link, name="enrol-link"),
    path("choices/", views.choices, name="choices"),
    path(
        "choices/consents/<uuid:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw-consent",
    ),
    path("plan/", my_plan.plan, name="plan"),
    path("plan/steps/<uuid:step_id>/", my_plan.step, name="plan-step"),
    path("plan/how-it-went/", my_plan.how_it_went, name="plan-how-it-went"),
    path("plan/agree/", my_plan.agree, name="plan-agree"),
    path("messages/", my_messages.thread, name="messages"),
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
    path("attend/", attend_views.attend, name="attend"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
]
