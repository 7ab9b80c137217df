"""Template filters and tags of the Time Bank's pages. ``{% load time_bank %}``.

``minutes|credit``                    "1 hour 30 minutes", "minus 2 hours"
``member.conditions|condition_labels`` the conditions in words (never a reason)
``{% tb_url who "listing" listing.pk %}``  a Time Bank page on the site ``who`` is on
"""

from typing import Any

from django import template

from mydirection.interventions.templatetags.interventions_conditions import condition_labels
from mydirection.timebank.rules import hours_and_minutes
from mydirection.timebank.who import Who, app_member

register = template.Library()


@register.filter
def credit(minutes: int | None) -> str:
    return hours_and_minutes(int(minutes or 0))


register.filter("condition_labels", condition_labels)


@register.simple_tag
def tb_url(who: Who, name: str, *args: Any) -> str:
    return who.url(name, *args)


@register.simple_tag
def time_bank_member(person: Any) -> Any:
    """The person's membership of a Time Bank (None: not a member), for the app's home page
    menu: ``{% time_bank_member person as member %}``."""
    return app_member(person)
