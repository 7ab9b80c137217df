"""Demo conversations between people and their case managers: a few messages each for some
people, some unread, and a handful flagged for a check. Seeded; written in one bulk insert."""

import random
from datetime import timedelta

from django.utils import timezone

from mydirection.messaging.models import PersonMessage
from mydirection.messaging.risk import suggests_risk
from mydirection.people.models import Person

SHARE_WITH_MESSAGES = 0.15

FROM_PERSON = [
    "Can we move Tuesday? I have a job interview",
    "I got the flat! Moving in next month",
    "The bus was late so I might be 10 minutes late today",
    "Is the course on Thursday still on?",
    "I went to the food bank like you said. It helped",
    "Can you send me the number for the housing team again?",
    "Just killing time before my shift. Anything I need to bring on Monday?",
]
RISKY = [
    "Some days I just want to end it all",
    "If he comes round again I'm going to hurt him",
]
FROM_STAFF = [
    "Yes, come on Wednesday at 10am instead",
    "Well done. That is great news",
    "Thanks for letting me know. See you soon",
    "Yes, it is still on. 2pm at the centre",
    "Here it is: 01482 300 300. Call me if you get stuck",
]


def write_demo_conversations(*, seed: int, limit: int = 2000) -> int:
    """Messages for about 15% of allocated people; returns how many messages."""
    draw = random.Random(seed + 7)  # demo data, not security
    now = timezone.now()
    people = list(
        Person.objects.filter(case_manager__isnull=False)
        .order_by("case_reference")
        .values_list("pk", "case_manager_id")[:limit]
    )
    messages: list[PersonMessage] = []
    for person_id, manager_id in people:
        if draw.random() >= SHARE_WITH_MESSAGES:
            continue
        at = now - timedelta(days=draw.randint(0, 20), hours=draw.randint(1, 9))
        count = draw.randint(1, 4)
        for i in range(count):
            from_person = i % 2 == 0
            last = i == count - 1
            if from_person:
                text = draw.choice(RISKY if draw.random() < 0.05 else FROM_PERSON)
            else:
                text = draw.choice(FROM_STAFF)
            read = not last or draw.random() < 0.5
            messages.append(
                PersonMessage(
                    person_id=person_id,
                    from_person=from_person,
                    by_user_id=None if from_person else manager_id,
                    text=text,
                    created_at=min(at, now),
                    read_by_staff_at=at + timedelta(hours=1) if from_person and read else None,
                    read_by_staff_id=manager_id if from_person and read else None,
                    read_by_person_at=at + timedelta(hours=2) if not from_person and read else None,
                    flagged=from_person and suggests_risk(text),
                )
            )
            at += timedelta(hours=draw.randint(1, 30))
    PersonMessage.objects.bulk_create(messages, batch_size=1000)
    return len(messages)
