from django.urls import path

from mydirection.cocreation.views import curation, publication, reporting, workshops

app_name = "cocreation"
STORY = "stories/<uuid:story_id>/"
GROUP = "groups/<uuid:group_id>/"
urlpatterns = [
    path("", reporting.home, name="home"),
    path("stories/add/", reporting.capture, name="capture"),
    path(STORY, reporting.story, name="story"),
    path(f"{STORY}recording/", reporting.recording, name="recording"),
    path(f"{STORY}consent/", reporting.consent, name="consent"),
    path(f"{STORY}withdraw/", reporting.withdraw, name="withdraw"),
    path(f"{STORY}screen/", reporting.screen, name="screen"),
    path(f"{STORY}redact/", reporting.redact, name="redact"),
    path(f"{STORY}sign-off/", publication.sign_off, name="sign-off"),
    path(f"{STORY}highlight/", curation.highlight, name="highlight"),
    path("groups/add/", curation.add_group, name="add-group"),
    path(GROUP, curation.group, name="group"),
    path(f"{GROUP}guide/", curation.guide, name="guide"),
    path(f"{GROUP}reporters/add/", curation.add_reporter, name="add-reporter"),
    path(f"{GROUP}themes/add/", curation.add_theme, name="add-theme"),
    path(f"{GROUP}co-analysts/add/", curation.add_co_analyst, name="add-co-analyst"),
    path(f"{GROUP}insights/add/", curation.add_insight, name="add-insight"),
    path(f"{GROUP}workshops/add/", workshops.add_workshop, name="add-workshop"),
    path(f"{GROUP}publication/<slug:channel>/", publication.page, name="publication"),
    path(
        f"{GROUP}publication/<slug:channel>/download/",
        publication.download,
        name="publication-download",
    ),
    path("reporters/<uuid:reporter_id>/training/", curation.training, name="training"),
    path("insights/<uuid:insight_id>/", curation.insight, name="insight"),
    path("workshops/<uuid:workshop_id>/", workshops.workshop, name="workshop"),
    path("workshops/<uuid:workshop_id>/changes/add/", workshops.add_action, name="add-action"),
    path("changes/<uuid:action_id>/status/", workshops.action_status, name="action-status"),
    path("you-said-we-did/", workshops.you_said_we_did, name="you-said-we-did"),
]
