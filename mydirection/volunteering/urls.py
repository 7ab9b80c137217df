"""Volunteering's pages, in the ``volunteering`` namespace.

TEMPORARY (branch volunteering-people): the coordinator's ``urls.py`` replaces this file when
the branches merge; it includes ``volunteer_urls`` the same way."""

from django.urls import include, path

app_name = "volunteering"

urlpatterns = [
    path("", include("mydirection.volunteering.volunteer_urls")),
]
