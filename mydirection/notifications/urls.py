from django.urls import path

from mydirection.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/outbox/", views.outbox, name="outbox"),
    path("people/<uuid:person_id>/messages/", views.person_messages, name="person-messages"),
    path(
        "people/<uuid:person_id>/messages/preferences/",
        views.preferences,
        name="preferences",
    ),
]
