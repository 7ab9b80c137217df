"""Background tasks (django-tasks; ``db_worker`` runs them). Arguments are JSON: ids as text."""

from uuid import UUID

from django_tasks import task

from mydirection.notifications import services


@task()
def send_message(message_id: str) -> str:
    message = services.send(UUID(message_id))
    return message.status if message else "missing"


@task()
def refresh_status(message_id: str, check: int = 0) -> str:
    message = services.refresh(UUID(message_id), check)
    return message.status if message else "missing"
