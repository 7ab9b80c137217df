from django.urls import path

from mydirection.people import views

app_name = "people"
urlpatterns = [
    path("<uuid:person_id>/", views.overview, name="overview"),
    path("<uuid:person_id>/personal-details/", views.details, name="details"),
    path("<uuid:person_id>/personal-details/change/", views.edit, name="edit"),
    path("<uuid:person_id>/sentence/", views.sentence, name="sentence"),
    path("<uuid:person_id>/sentence/add-order/", views.add_order, name="add-order"),
    path(
        "<uuid:person_id>/sentence/<uuid:order_id>/add-requirement/",
        views.add_requirement,
        name="add-requirement",
    ),
    path("<uuid:person_id>/sentence/<uuid:order_id>/end/", views.end_order, name="end-order"),
    path("<uuid:person_id>/consents/", views.consents, name="consents"),
    path("<uuid:person_id>/consents/add/", views.add_consent, name="add-consent"),
    path(
        "<uuid:person_id>/consents/<uuid:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw-consent",
    ),
    path("<uuid:person_id>/history/", views.history, name="history"),
]
