"""A list of someone's training shows each course once (no database)."""

from datetime import date

from mydirection.staff.models import Training, TrainingCourse
from mydirection.staff.selectors import courses_taken


def test_each_course_once_with_its_last_day_and_how_often_most_recent_first() -> None:
    training = [
        Training(course=TrainingCourse.PERSON_CENTRED, completed_on=date(2024, 11, 5)),
        *(
            Training(course=TrainingCourse.ACTION_LEARNING, completed_on=date(2025, month, 3))
            for month in (2, 4, 9, 6)
        ),
        Training(course=TrainingCourse.STRENGTHS_BASED, completed_on=date(2024, 12, 1)),
    ]
    taken = [(c.course, c.latest, c.times) for c in courses_taken(training)]
    assert taken == [
        (TrainingCourse.ACTION_LEARNING, date(2025, 9, 3), 4),
        (TrainingCourse.STRENGTHS_BASED, date(2024, 12, 1), 1),
        (TrainingCourse.PERSON_CENTRED, date(2024, 11, 5), 1),
    ]
    assert courses_taken([]) == []
