from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from mydirection.testing import (  # noqa: F401  (shared fixtures)
    access_log_checkpoints,
    no_personal_data_in_logs,
    private_files,
    world,
)

# Speed is measured in benchmarks/, never asserted by a test (docs/benchmarks.md): without
# this, hypothesis's deadline (200 ms an example) and its "too slow" health check would fail a
# property on a loaded machine (CI's two cores run the suite in two processes beside
# PostgreSQL). A test's own ``@settings`` still sets what it names.
settings.register_profile(
    "mydirection", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("mydirection")


@pytest.fixture
def summaries_recounted(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that write appointments and outcomes past the services that keep the
    monitoring summaries (factories, ``bulk_create``, ``update``) to set up a figure: a figure
    that reads the summaries counts them again from the records first. Every other test
    reads the summaries as the services kept them, so a service that forgot to keep them
    shows in its figures (and ``summaries/tests/test_properties.py`` compares the two)."""
    from mydirection.evaluation import monitoring
    from mydirection.summaries.services import recount

    reading = monitoring._from_summaries

    def recounted(*args: Any, **kwargs: Any) -> list[monitoring.Row]:
        recount()
        return reading(*args, **kwargs)

    monkeypatch.setattr(monitoring, "_from_summaries", recounted)
