"""Where messages go: GOV.UK Notify in production, a local outbox everywhere else.

``settings.NOTIFICATIONS_BACKEND`` chooses. The outbox sends nothing: the message row itself is
what "would have been sent", and it is marked delivered at once. Production refuses to start
with it (settings.py), and a Notify API key next to it is a system-check error (checks.py).
"""

from dataclasses import dataclass
from typing import Any, Protocol

import requests
from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from mydirection.notifications.models import Channel, Message, Status


class TemporaryFailure(Exception):
    """Worth trying again later: Notify was down, slow or rate-limiting us."""


class PermanentFailure(Exception):
    """Trying again will not help: a bad number, a missing template, a refused key."""


@dataclass(frozen=True)
class Sent:
    notify_id: str
    status: Status


class Backend(Protocol):
    name: str

    def send(self, message: Message) -> Sent: ...

    def status(self, notify_id: str) -> Status: ...


class OutboxBackend:
    name = "outbox"

    def send(self, message: Message) -> Sent:
        return Sent(notify_id=f"outbox-{message.pk}", status=Status.DELIVERED)

    def status(self, notify_id: str) -> Status:
        return Status.DELIVERED


# GOV.UK Notify's notification statuses, in ours.
NOTIFY_STATUSES = {
    "created": Status.SENDING,
    "sending": Status.SENDING,
    "pending": Status.SENDING,
    "sent": Status.DELIVERED,  # sent abroad: Notify gets no receipt
    "delivered": Status.DELIVERED,
    "permanent-failure": Status.PERMANENT_FAILURE,
    "temporary-failure": Status.PERMANENT_FAILURE,  # the phone was off for 72 hours
    "technical-failure": Status.TEMPORARY_FAILURE,
}


def _failure(error: APIError) -> Exception:
    # 429 (rate limit) and 5xx (including the client's own "request failed", 503) may pass.
    text = f"GOV.UK Notify {error.status_code}: {error.message}"[:500]
    if error.status_code == 429 or error.status_code >= 500:
        return TemporaryFailure(text)
    return PermanentFailure(text)


class NotifyBackend:
    name = "notify"

    def __init__(self) -> None:
        self.client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=20
        )

    def send(self, message: Message) -> Sent:
        template_id = settings.NOTIFY_TEMPLATE_IDS.get(message.template, {}).get(message.channel)
        if not template_id:
            raise PermanentFailure(f"No GOV.UK Notify template for {message.template}")
        # The reference Notify keeps is our message id: no personal data.
        common: dict[str, Any] = {
            "template_id": template_id,
            "personalisation": message.personalisation,
            "reference": str(message.pk),
        }
        try:
            if message.channel == Channel.SMS:
                response = self.client.send_sms_notification(  # type: ignore[no-untyped-call]
                    phone_number=message.recipient, **common
                )
            else:
                response = self.client.send_email_notification(  # type: ignore[no-untyped-call]
                    email_address=message.recipient, **common
                )
        except APIError as error:
            raise _failure(error) from error
        except requests.RequestException as error:
            raise TemporaryFailure(f"GOV.UK Notify unreachable: {type(error).__name__}") from error
        return Sent(notify_id=str(response["id"]), status=Status.SENDING)

    def status(self, notify_id: str) -> Status:
        try:
            response = self.client.get_notification_by_id(notify_id)  # type: ignore[no-untyped-call]
        except APIError as error:
            raise _failure(error) from error
        return NOTIFY_STATUSES.get(str(response.get("status")), Status.SENDING)


def backend() -> Backend:
    if settings.NOTIFICATIONS_BACKEND == "notify":
        return NotifyBackend()
    return OutboxBackend()
