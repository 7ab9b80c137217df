from datetime import date

import pytest

from mydirection.rights.rules import one_month_after


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 3), date(2026, 2, 3)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 6), date(2027, 1, 6)),
        (date(2026, 3, 31), date(2026, 4, 30)),
    ],
)
def test_a_request_is_due_one_calendar_month_after_receipt(received: date, due: date) -> None:
    assert one_month_after(received) == due
