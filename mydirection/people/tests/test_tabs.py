"""The record's tabs: each once, and each one a page the case manager can open."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_each_tab_shows_once_and_opens(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.get(reverse("people:overview", args=[world.person.pk]))
    tabs = response.context["person_tabs"]
    texts = [tab["text"] for tab in tabs]
    hrefs = [tab["href"] for tab in tabs]
    assert len(set(texts)) == len(texts), texts
    assert len(set(hrefs)) == len(hrefs), hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_the_current_tab_is_marked(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.get(reverse("people:overview", args=[world.person.pk]))
    current = [tab["text"] for tab in response.context["person_tabs"] if tab["current"]]
    assert current == ["Overview"]
