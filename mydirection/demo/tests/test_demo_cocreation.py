"""The demo's co-creation, in the pilot's shape: eleven trained reporters (staff and peer
mentors), about 40 stories, a few withdrawn (their insights flagged), workshops whose changes
reached the storytellers."""

import pytest
from django.utils import timezone

from mydirection.cocreation import selectors
from mydirection.cocreation.models import (
    ChangeAction,
    Consent,
    Reporter,
    ReporterGroup,
    Story,
    Told,
)
from mydirection.demo.cocreation import write_demo_cocreation
from mydirection.testing import World

pytestmark = pytest.mark.django_db


def test_the_pilots_shape(world: World) -> None:
    written = write_demo_cocreation(seed=1, today=timezone.localdate())
    assert written.stories == Story.objects.count() == 40
    assert Reporter.objects.filter(trained_on__isnull=False).count() <= 11
    assert Consent.objects.filter(withdrawn_at__isnull=False).count() == 3
    for consent in Consent.objects.select_related("story__storyteller_person"):
        person = consent.story.storyteller_person
        assert person is None or person.case_manager_id != consent.taken_by_id
    insights = selectors.insights_of(ReporterGroup.objects.all())
    assert any(selectors.insight_flagged(i) for i in insights)
    assert ChangeAction.objects.count() == 4
    assert Told.objects.exists()
    for story in Story.objects.prefetch_related("redactions"):
        assert "[name removed]" in selectors.redacted_transcript(story)


def test_the_app_person_told_the_story_behind_the_first_change(world: World) -> None:
    write_demo_cocreation(seed=1, today=timezone.localdate(), app_person=world.person)
    story = Story.objects.get(storyteller_person=world.person)
    assert selectors.consent_of(story) is not None and story.consent.workshops
    assert story.consent.withdrawn_at is None
    assert Told.objects.filter(person=world.person).exists()
