"""A volunteer's own pages (``volunteering:mine`` and the pages under it): included by
``urls.py`` in the ``volunteering`` namespace."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
