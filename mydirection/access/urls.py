from django.urls import path

from mydirection.access import views

app_name = "access"
urlpatterns = [
    path("people/<uuid:person_id>/justify/", views.justify, name="justify"),
    path("access-log/", views.log_search, name="log-search"),
    path("access-log/<uuid:person_id>/", views.person_log, name="person-log"),
    path("access-log/<uuid:person_id>/rules/", views.access_rules, name="rules"),
    path("access-log/<uuid:person_id>/rules/<uuid:rule_id>/end/", views.end_rule, name="end-rule"),
]
