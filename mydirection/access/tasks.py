"""Background tasks (django-tasks; ``db_worker`` runs them): the access log's checkpoints."""

from django_tasks import task

from mydirection.access import checkpoints


@task()
def checkpoint_access_log() -> int | None:
    """Queued by ``record_many`` every ``ACCESS_LOG_CHECKPOINT_EVERY`` entries."""
    checkpoint = checkpoints.take()
    # A worker killed mid-task leaves no hourly task queued: any checkpoint restarts it.
    checkpoints.schedule_hourly()
    return checkpoint.id if checkpoint else None


@task()
def hourly_access_log_checkpoint() -> int | None:
    """Takes a checkpoint and queues the next one an hour on, even when taking this one failed."""
    try:
        checkpoint = checkpoints.take()
    finally:
        checkpoints.schedule_hourly()
    return checkpoint.id if checkpoint else None
