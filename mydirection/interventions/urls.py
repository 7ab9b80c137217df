from django.urls import path

from mydirection.interventions.views import catalogue, groups, referrals, review

app_name = "interventions"

urlpatterns = [
    # The catalogue: case managers read it; the programme manager runs it.
    path("interventions/", catalogue.catalogue, name="catalogue"),
    path("interventions/add/", catalogue.add, name="add"),
    path("interventions/<uuid:intervention_id>/", catalogue.detail, name="detail"),
    path("interventions/<uuid:intervention_id>/change/", catalogue.change, name="change"),
    path("interventions/<uuid:intervention_id>/pause/", catalogue.pause, name="pause"),
    path("interventions/<uuid:intervention_id>/reopen/", catalogue.reopen, name="reopen"),
    path("interventions/<uuid:intervention_id>/withdraw/", catalogue.withdraw, name="withdraw"),
    path("interventions/organisations/", catalogue.organisations, name="organisations"),
    path("interventions/organisations/add/", catalogue.add_organisation, name="add-organisation"),
    path(
        "interventions/organisations/<uuid:organisation_id>/",
        catalogue.organisation,
        name="organisation",
    ),
    # The team's decisions not to refer, for the senior case manager.
    path("interventions/decisions/", review.decisions, name="decisions"),
    # A volunteer's groups: first names only.
    path("interventions/groups/", groups.groups, name="groups"),
    # A person's referrals: part of their record.
    path("people/<uuid:person_id>/interventions/", referrals.person, name="person"),
    path("people/<uuid:person_id>/interventions/refer/", referrals.refer, name="refer"),
    path(
        "people/<uuid:person_id>/interventions/<uuid:referral_id>/",
        referrals.referral,
        name="referral",
    ),
    path(
        "people/<uuid:person_id>/interventions/<uuid:referral_id>/withdraw/",
        referrals.withdraw,
        name="withdraw-referral",
    ),
    path(
        "people/<uuid:person_id>/interventions/<uuid:referral_id>/close/",
        referrals.close,
        name="close-referral",
    ),
]
