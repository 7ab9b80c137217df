from django.urls import path

from mydirection.person_centred import views

app_name = "person_centred"
urlpatterns = [
    path("<uuid:person_id>/about-me/", views.index, name="index"),
    path("<uuid:person_id>/about-me/<slug:tool>/", views.tool, name="tool"),
    path("<uuid:person_id>/about-me/<slug:tool>/change/", views.edit, name="edit"),
    path(
        "<uuid:person_id>/about-me/<slug:tool>/versions/<int:tool_version>/",
        views.version,
        name="version",
    ),
]
