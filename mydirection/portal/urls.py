from django.urls import path

from mydirection.portal.views import (
    about_me,
    attend,
    choices,
    cocreation,
    fund,
    help,
    home,
    messages,
    my_appointments,
    my_plan,
    offline,
    sign_in,
    stories,
    time_bank,
    volunteering,
)

app_name = "portal"
VSESSION = "volunteering/sessions/<uuid:volunteer_session_id>/"
VCIRCLE = "volunteering/circles/<uuid:volunteer_circle_id>/"
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
    # The Enabling Fund: asking for money, following a request, adding its receipt.
    path("fund/", fund.requests, name="fund"),
    path("fund/ask/", fund.ask, name="fund-ask"),
    path("fund/<uuid:request_id>/", fund.request, name="fund-request"),
    path("fund/<uuid:request_id>/cancel/", fund.cancel, name="fund-cancel"),
    path("fund/<uuid:request_id>/receipt/", fund.receipt, name="fund-receipt"),
    path("fund/<uuid:request_id>/receipt/add/", fund.add_receipt, name="fund-add-receipt"),
    # The Time Bank: offers, requests and exchanges, as any member (timebank.pages).
    path("time-bank/", time_bank.home, name="time-bank"),
    path("time-bank/listings/", time_bank.listings, name="time-bank-listings"),
    path("time-bank/listings/add/", time_bank.add_listing, name="time-bank-add-listing"),
    path("time-bank/listings/<uuid:listing_id>/", time_bank.listing, name="time-bank-listing"),
    path(
        "time-bank/listings/<uuid:listing_id>/propose/",
        time_bank.propose,
        name="time-bank-propose",
    ),
    path(
        "time-bank/listings/<uuid:listing_id>/session/",
        time_bank.add_session,
        name="time-bank-add-session",
    ),
    path("time-bank/listings/<uuid:listing_id>/renew/", time_bank.renew, name="time-bank-renew"),
    path(
        "time-bank/listings/<uuid:listing_id>/withdraw/",
        time_bank.withdraw,
        name="time-bank-withdraw",
    ),
    path("time-bank/exchanges/<uuid:exchange_id>/", time_bank.exchange, name="time-bank-exchange"),
    path("time-bank/exchanges/<uuid:exchange_id>/agree/", time_bank.agree, name="time-bank-agree"),
    path("time-bank/exchanges/<uuid:exchange_id>/join/", time_bank.join, name="time-bank-join"),
    path(
        "time-bank/exchanges/<uuid:exchange_id>/confirm/",
        time_bank.confirm,
        name="time-bank-confirm",
    ),
    path(
        "time-bank/exchanges/<uuid:exchange_id>/cancel/",
        time_bank.cancel,
        name="time-bank-cancel",
    ),
    path("time-bank/details/", time_bank.profile, name="time-bank-profile"),
    # Volunteering, for a person on probation who volunteers (volunteering.mine.pages).
    path("volunteering/", volunteering.home, name="volunteering"),
    path("volunteering/sessions/", volunteering.sessions, name="volunteering-sessions"),
    path(f"{VSESSION}", volunteering.session, name="volunteering-session"),
    path(f"{VSESSION}sign-up/", volunteering.sign_up, name="volunteering-sign-up"),
    path(f"{VSESSION}withdraw/", volunteering.withdraw, name="volunteering-withdraw"),
    path(f"{VSESSION}check-in/", volunteering.check_in, name="volunteering-check-in"),
    path(f"{VSESSION}remind/", volunteering.remind, name="volunteering-remind"),
    path(f"{VCIRCLE}", volunteering.circle, name="volunteering-circle"),
    path(
        f"{VCIRCLE}meetings/add/", volunteering.record_meeting, name="volunteering-record-meeting"
    ),
    path(
        f"{VCIRCLE}meetings/<uuid:volunteer_meeting_id>/minutes/",
        volunteering.minutes,
        name="volunteering-minutes",
    ),
    path(f"{VCIRCLE}concern/", volunteering.concern, name="volunteering-concern"),
    path(
        f"{VCIRCLE}tasks/<uuid:volunteer_task_id>/done/",
        volunteering.task_done,
        name="volunteering-task-done",
    ),
    path("volunteering/hours/", volunteering.hours, name="volunteering-hours"),
    path(
        "volunteering/hours/<uuid:volunteer_hours_id>/change/",
        volunteering.change_hours,
        name="volunteering-change-hours",
    ),
    path("volunteering/expenses/", volunteering.expenses, name="volunteering-expenses"),
    path("volunteering/expenses/claim/", volunteering.claim, name="volunteering-claim"),
    # The focus person's own Life Links circle.
    path("circle/", volunteering.my_circle, name="circle"),
    # Co-creation: "you said, we did", and a co-analyst's excerpts (cocreation.selectors).
    path("you-said-we-did/", cocreation.you_said_we_did, name="you-said-we-did"),
    path("stories/analyse/", cocreation.analyse, name="analyse-stories"),
    # Stories: a reporter on probation captures one; a storyteller's own (views/stories.py).
    path("stories/", stories.home, name="stories"),
    path("stories/capture/", stories.capture, name="capture-story"),
    path("stories/<uuid:story_id>/", stories.told, name="story"),
    path("stories/<uuid:story_id>/consent/", stories.narrow, name="story-consent"),
    path("stories/<uuid:story_id>/withdraw/", stories.withdraw, name="story-withdraw"),
    path("offline/", offline.offline, name="offline"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service-worker"),
]
