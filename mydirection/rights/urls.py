from django.urls import path

from mydirection.rights import views

app_name = "rights"

R = "requests/<uuid:sar_id>/"
E = "erasure/<uuid:review_id>/"
C = "corrections/<uuid:rectification_id>/"

urlpatterns = [
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.open_request, name="open"),
    path(R, views.request_page, name="request"),
    path(R + "release/", views.release, name="release"),
    path(R + "complete/", views.complete, name="complete"),
    path("erasure/", views.reviews, name="reviews"),
    path(E, views.review_page, name="review"),
    path(E + "decide/", views.decide, name="decide"),
    path(E + "erase/", views.erase, name="erase"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/new/", views.open_correction, name="open_correction"),
    path(C, views.correction, name="correction"),
    path(C + "decide/", views.decide_correction, name="decide_correction"),
]
