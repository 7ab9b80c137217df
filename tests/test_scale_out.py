"""Several task workers at once (issue 16, item 6; docs/operations.md, "A national
deployment"): two ``mydirection db_worker`` processes on one PostgreSQL database send every
reminder once, never twice.

What makes it so, already in the code:

- a worker claims a task with ``SELECT ... FOR UPDATE SKIP LOCKED`` (django-tasks-db), so two
  workers never run the same task;
- sending a message (``notifications.tasks.send``) locks the message's row, goes on only
  while it is still waiting (queued, or failed for a while), and marks it as being sent in
  that transaction before calling GOV.UK Notify: a second task for the same message (a retry
  queued twice, a message moved into the person's hours) finds it taken and does nothing.

The test gives every reminder two tasks, so that the two workers race for each message as
well as for each task. The workers run the suite's clock (a weekday morning, inside everyone's
contact hours) through ``time_machine``, as the tests in the same process do.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry
from mydirection.notifications import services, tasks
from mydirection.notifications.models import Message, Purpose, Status
from mydirection.notifications.testing import FAKE_NOTIFY_KEY, fake_notify
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.testing import PersonFactory, World
from tests.test_operations import ROOT, database_url

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several workers at once need PostgreSQL's row locks (SQLite has one writer)",
    ),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

MID_MORNING = datetime(2026, 5, 13, 10, 0, tzinfo=ZoneInfo("Europe/London"))
REMINDERS = 40
REMINDER = {"first_name": "Alex", "date": "14 May", "time": "10am", "place": "", "contact": "1"}

# ``mydirection db_worker`` with the clock at the instant given first.
WORKER = """
import sys
import time_machine
time_machine.travel(sys.argv[1], tick=True).start()
from mydirection.cli import main
sys.argv = ["mydirection", "db_worker", *sys.argv[2:]]
main()
"""


def start_worker(name: str, environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # A minute ahead of this process's clock: whatever it queues is due in the worker's.
    instant = (timezone.now() + timedelta(minutes=1)).isoformat()
    with log.open("wb") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                instant,
                "--worker-id",
                name,
                "--interval",
                "0.05",
                "--no-reload",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for(
    condition: Callable[[], bool], what: str, logs: list[Path], seconds: float = 90
) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            texts = "\n".join(log.read_text() for log in logs)
            pytest.fail(f"{what} within {seconds} s:\n{texts}")
        time.sleep(0.2)


def test_two_workers_send_each_reminder_once(world: World, tmp_path: Path) -> None:
    with time_machine.travel(MID_MORNING, tick=True), fake_notify() as notify:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MYDIRECTION_", "DJANGO_"))
        } | {
            "DJANGO_SETTINGS_MODULE": "mydirection.settings",
            "DATABASE_URL": database_url(),
            "MYDIRECTION_VAR_DIR": str(tmp_path / "var"),
            "MYDIRECTION_CONN_MAX_AGE": "0",
            "MYDIRECTION_NOTIFICATIONS": "notify",
            "MYDIRECTION_NOTIFY_API_KEY": FAKE_NOTIFY_KEY,
            "MYDIRECTION_NOTIFY_BASE_URL": notify.url,
            "MYDIRECTION_NOTIFY_TEMPLATE_APPOINTMENT_REMINDER_SMS": "reminder-sms",
        }
        logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
        workers = [
            start_worker(f"worker-{n}", environment, log) for n, log in enumerate(logs, start=1)
        ]
        try:
            wait_for(
                lambda: all("Starting worker" in log.read_text() for log in logs),
                "the two workers did not start",
                logs,
            )
            # Every reminder, and a second task for each, appear at once (one commit).
            with transaction.atomic():
                messages = []
                for _ in range(REMINDERS):
                    person = PersonFactory.create(team=world.team_a, phone="07700 900 982")
                    Consent.objects.create(
                        person=person,
                        purpose=ConsentPurpose.REMINDERS,
                        given_on=timezone.localdate(),
                        recorded_by=world.cm,
                    )
                    message = services.queue_message(
                        person, Purpose.APPOINTMENT_REMINDER, "appointment_reminder", REMINDER
                    )
                    assert message.status == Status.QUEUED
                    tasks.enqueue_send(message.pk, message.send_after)
                    messages.append(message.pk)
            sends = DBTaskResult.objects.filter(task_path=tasks.send_message.module_path)
            wait_for(
                lambda: not sends.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
                "the workers did not run every task",
                logs,
            )
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait()
        texts = [log.read_text() for log in logs]
        assert all("Traceback" not in text for text in texts), texts

        # Each reminder reached GOV.UK Notify exactly once.
        sent = Counter(
            request["body"]["reference"]
            for request in notify.requests
            if request["path"].endswith("/sms")
        )
        assert sent == dict.fromkeys(map(str, messages), 1)
        # Sent (GOV.UK Notify's answer may already have come back: delivered).
        assert set(Message.objects.values_list("status", flat=True)) <= {
            Status.SENDING,
            Status.DELIVERED,
        }
        assert set(Message.objects.values_list("attempts", flat=True)) == {1}
        # Each task ran once, both workers took part, and the log holds one disclosure each.
        worker_ids = list(sends.values_list("worker_ids", flat=True))
        assert len(worker_ids) == 2 * REMINDERS
        assert all(len(ids) == 1 for ids in worker_ids), worker_ids
        by_worker = Counter(ids[0] for ids in worker_ids)
        assert set(by_worker) == {"worker-1", "worker-2"}, by_worker
        assert AccessLogEntry.objects.filter(what="Message sent").count() == REMINDERS
        assert verify_chain().intact
