"""The demo's appointment slots: a full day moves on to the next working day."""

import uuid
from datetime import date

from mydirection.demo.appointments import SLOTS, _free_slot


def test_a_full_day_moves_to_the_next_working_day() -> None:
    staff = uuid.uuid4()
    friday = date(2026, 11, 27)
    taken = {(staff, friday, slot) for slot in range(SLOTS + 1)}
    assert _free_slot(taken, staff, friday, 5) == (date(2026, 11, 30), 5)


def test_it_takes_the_first_free_slot_that_leaves_room_for_half_an_hour() -> None:
    staff = uuid.uuid4()
    monday = date(2026, 11, 23)
    taken = {(staff, monday, 5), (staff, monday, 9)}
    # 5 is taken; 8 would run into 9; 11 is free and so is 12.
    assert _free_slot(taken, staff, monday, 5) == (monday, 11)
    # A Saturday starts the search on the Monday.
    assert _free_slot(set(), staff, date(2026, 11, 28), 0) == (date(2026, 11, 30), 0)
