from typing import Any

import pytest

from mydirection.testing import (  # noqa: F401  (shared fixtures)
    access_log_checkpoints,
    no_personal_data_in_logs,
    private_files,
    world,
)


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
