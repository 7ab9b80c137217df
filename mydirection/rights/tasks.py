"""Background tasks (django-tasks; ``db_worker`` runs them): the daily retention run."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from mydirection.rights import retention

DAILY = timedelta(days=1)


@task()
def daily_find_expired() -> int:
    """Proposes who is past their retention period, then queues itself a day on, even when
    this run failed (as the access log's hourly checkpoint does)."""
    try:
        found = retention.find_expired()
    finally:
        schedule_daily()
    return len(found.proposed)


def daily_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=daily_find_expired.module_path, status=TaskResultStatus.READY
    ).exists()


def schedule_daily(after: timedelta = DAILY) -> bool:
    """Queue the daily run unless one is already waiting. True if it queued one."""
    if daily_waiting():
        return False
    daily_find_expired.using(run_after=timezone.now() + after).enqueue()
    return True
