from django.urls import path

from mydirection.assessment import views

app_name = "assessment"
urlpatterns = [
    path("<uuid:person_id>/strengths/", views.summary, name="summary"),
    path("<uuid:person_id>/strengths/history/", views.history, name="history"),
    path("<uuid:person_id>/strengths/<slug:area>/", views.area, name="area"),
    path(
        "<uuid:person_id>/strengths/<slug:area>/versions/<int:area_version>/",
        views.version,
        name="version",
    ),
]
