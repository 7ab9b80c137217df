"""Template helpers for a volunteer's own pages: ``{% vol_url who "session" pk %}`` names a
page on the site the volunteer is on; ``|duration`` writes minutes as "1 hour 30 minutes"."""

from typing import Any

from django import template

from mydirection.volunteering.mine.pages import duration as _duration
from mydirection.volunteering.mine.who import Who

register = template.Library()


@register.simple_tag
def vol_url(who: Who, name: str, *args: Any) -> str:
    return who.url(name, *args)


@register.filter
def duration(minutes: int | None) -> str:
    return _duration(minutes or 0)
