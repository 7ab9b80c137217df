"""The cookies MyDirection sets, read from the settings that set them.

Every one is strictly necessary: it keeps a sign-in, stops forged forms, or carries a one-off
message to the next page. Such cookies need no consent (PECR regulation 6(4)), so the
service shows no cookie banner. None is for analytics or advertising, and none is set by
anyone else. ``tests`` run the sign-in journeys and fail if a cookie is set that is not here.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

from mydirection.portal.services import IDLE_SECONDS


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    expires: str


def duration(seconds: int) -> str:
    """A whole number of weeks, days, hours or minutes, in words: "2 hours", "52 weeks"."""
    for unit, size in (("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def cookies_in_use() -> list[Cookie]:
    return [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose=(
                "Keeps you signed in, and remembers where you are in signing in. It holds a "
                "random key: what it stands for stays on our server."
            ),
            expires=(
                f"{duration(settings.SESSION_COOKIE_AGE)} after you last use the service, or "
                f"{duration(IDLE_SECONDS)} in the app for people on probation"
            ),
        ),
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            purpose=(
                "Stops another website sending a form to MyDirection as if it were you "
                "(protection against cross-site request forgery)."
            ),
            expires=duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            name=CookieStorage.cookie_name,
            purpose=(
                "Carries a short message, such as \u201cSaved\u201d, to the next page you see."
            ),
            expires="When the message has been shown, or when you close your browser",
        ),
    ]
