"""Test helpers: run the real task worker, and a fake GOV.UK Notify on a local port."""

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import factory
from django_tasks_db.management.commands.db_worker import Worker

from mydirection.notifications.models import Channel, Message, Purpose, Status
from mydirection.testing import PersonFactory

# The shape of a Notify API key (name, service id, secret). Not a real key.
FAKE_NOTIFY_KEY = f"tests-{uuid.UUID(int=1)}-{uuid.UUID(int=2)}"


def run_tasks() -> None:
    """Run every task that is due, in this process, with django_tasks_db's own worker (what
    ``db_worker --batch`` does). Needs committed data: use a transactional test."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()


@dataclass
class FakeNotify:
    """Answers like GOV.UK Notify's API. ``replies`` is a queue of status codes for sends."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    replies: list[int] = field(default_factory=list)
    delivery_status: str = "delivered"


@contextmanager
def fake_notify() -> Iterator[FakeNotify]:
    fake = FakeNotify()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(
                {"path": self.path, "body": body, "auth": self.headers.get("Authorization", "")}
            )
            status = fake.replies.pop(0) if fake.replies else 201
            if status == 201:
                self._reply(201, {"id": str(uuid.uuid4()), "reference": body.get("reference")})
            else:
                errors = [{"error": "Error", "message": f"Fake failure {status}"}]
                self._reply(status, {"status_code": status, "errors": errors})

        def do_GET(self) -> None:
            fake.requests.append({"path": self.path, "body": None, "auth": ""})
            self._reply(200, {"id": self.path.rsplit("/", 1)[-1], "status": fake.delivery_status})

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    class Meta:
        model = Message

    person = factory.SubFactory(PersonFactory)
    channel = Channel.SMS
    recipient = "07700 900 982"
    purpose = Purpose.APPOINTMENT_REMINDER
    template = "appointment_reminder"
    personalisation = factory.LazyFunction(
        lambda: {
            "first_name": "Alex",
            "date": "1 May",
            "time": "10am",
            "place": "Hull",
            "contact": "If you cannot come or need to change it, call 01632 960000.",
        }
    )
    status = Status.DELIVERED
