"""A storyteller's data rights: their stories are in their subject access bundle, and erasing
them takes their stories (and what hangs from them) while the service's changes stay."""

import pytest
from django.utils import timezone

from mydirection.cocreation import testing
from mydirection.cocreation.models import ChangeAction, Highlight, Insight, Story, Told
from mydirection.rights.erasure import erase_person
from mydirection.rights.subject_access import collect
from mydirection.testing import World

pytestmark = pytest.mark.django_db


def test_the_storytellers_stories_are_released_and_erased(world: World) -> None:
    testing.scene(world)
    bundle = collect(world.person)
    titles = {section.title for section in bundle.sections}
    assert {"Stories you told", "Your consent to your stories' use"} <= titles

    erase_person(world.person, timezone.localdate())

    assert not Story.objects.exists()
    assert not Highlight.objects.exists() and not Told.objects.exists()
    assert Insight.objects.count() == ChangeAction.objects.count() == 1
