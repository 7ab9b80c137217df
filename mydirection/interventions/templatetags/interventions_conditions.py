"""``{% load interventions_conditions %}``: ``referral.conditions|condition_labels``, the
conditions for taking part in words (never a reason)."""

from collections.abc import Iterable

from django import template

from mydirection.interventions.models import Condition

register = template.Library()


@register.filter
def condition_labels(values: Iterable[str]) -> list[str]:
    labels = dict(Condition.choices)
    return [str(labels[value]) for value in values if value in labels]
