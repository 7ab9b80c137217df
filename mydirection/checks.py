"""System checks that keep production honest."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def demo_shortcuts_off(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.DEMO_MODE:
        errors.append(
            Error(
                "The demo's way past the second factor is switched on.",
                hint="Unset MYDIRECTION_DEMO.",
                id="mydirection.E001",
            )
        )
    if settings.NOTIFICATIONS_BACKEND == "notify" and not settings.NOTIFY_API_KEY:
        errors.append(Error("GOV.UK Notify has no API key.", id="mydirection.E002"))
    return errors


@register(Tags.security)
def outbox_never_with_real_keys(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The outbox keeps messages unsent: with a Notify key set, someone meant to send them."""
    if settings.NOTIFICATIONS_BACKEND == "outbox" and settings.NOTIFY_API_KEY:
        return [
            Error(
                "The notifications outbox is switched on while a GOV.UK Notify API key is set.",
                hint="Set MYDIRECTION_NOTIFICATIONS=notify, or unset MYDIRECTION_NOTIFY_API_KEY.",
                id="mydirection.E003",
            )
        ]
    return []
