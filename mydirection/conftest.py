from collections.abc import Iterator
from typing import Any

import pytest

from mydirection.testing import (  # noqa: F401  (shared fixtures)
    access_log_checkpoints,
    no_personal_data_in_logs,
    private_files,
    world,
)


@pytest.fixture(autouse=True)
def summaries_counted_before_reading(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Most tests write appointments and outcomes directly (factories, ``bulk_create``,
    ``update``), past the services that keep the monitoring summaries in step: for them, a
    figure that reads the summaries counts them again from the records first. Tests of the
    summaries as the services keep them are marked ``summaries_as_kept``
    (``summaries/tests/test_properties.py``)."""
    if request.node.get_closest_marker("summaries_as_kept") is None:
        from mydirection.evaluation import monitoring
        from mydirection.summaries.services import recount

        reading = monitoring._from_summaries

        def recounted(*args: Any, **kwargs: Any) -> list[monitoring.Row]:
            recount()
            return reading(*args, **kwargs)

        monkeypatch.setattr(monitoring, "_from_summaries", recounted)
    yield
