from django.urls import path

from mydirection.caseload import views

app_name = "caseload"
urlpatterns = [
    path("caseload/", views.home, name="home"),
    path("team/", views.team, name="team"),
    path("search/", views.search, name="search"),
    path("people/add/", views.add_person, name="add-person"),
    path("people/import/", views.import_cases, name="import-cases"),
    path("people/<uuid:person_id>/allocation/", views.allocation, name="allocation"),
    path("people/<uuid:person_id>/allocation/change/", views.reallocate, name="reallocate"),
    path(
        "people/<uuid:person_id>/handover/<uuid:handover_id>/read/",
        views.handover_read,
        name="handover-read",
    ),
]
