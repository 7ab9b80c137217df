from django.urls import path

from mydirection.rights import views

app_name = "rights"

R = "requests/<uuid:sar_id>/"

urlpatterns = [
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.open_request, name="open"),
    path(R, views.request_page, name="request"),
    path(R + "release/", views.release, name="release"),
    path(R + "complete/", views.complete, name="complete"),
]
