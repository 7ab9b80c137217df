from django.urls import path

from mydirection.messaging import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/check/", views.flagged, name="flagged"),
    path("people/<uuid:person_id>/conversation/", views.thread, name="thread"),
]
