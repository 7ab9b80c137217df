"""The words of each message, for the outbox and as the copy of the GOV.UK Notify templates.

Placeholders use Notify's ``((name))`` form, so the same text can be pasted into Notify.
Messages carry no case details: a text can be read by anyone holding the phone, so a reminder
says when and where, never what the appointment is about.
"""

import re

TEMPLATES: dict[str, dict[str, str]] = {
    "appointment_reminder": {
        "subject": "Your appointment on ((date))",
        # ((place)) is " at <place name>", or empty for a sensitive appointment or a call.
        # ((contact)): how to reach the office ("If you cannot come ..., call 01482 ...").
        # Not "reply": a reply to a Notify text reaches no one unless inbound is set up.
        "body": "Hello ((first_name)). You have an appointment on ((date)) at "
        "((time))((place)). ((contact))",
    },
    # Sent on a volunteer's behalf (``volunteering.services.reminders``): the session's name,
    # never what the group is about beyond it.
    "session_reminder": {
        "subject": "A reminder: ((session)) on ((day))",
        "body": "Hello ((first_name)), a reminder that ((session)) is on ((day)) at ((time)) "
        "at ((place)).",
    },
    # A storyteller's story helped change the service: the link, never the story.
    "change_from_stories": {
        "subject": "Something you told us helped change the service",
        "body": "Hello ((first_name)). Something you told us has helped change the service. "
        "See what changed in MyDirection: ((link))",
    },
    "portal_invitation": {
        "subject": "Set up MyDirection on your phone",
        "body": "Hello ((first_name)). Your case manager has invited you to MyDirection. Open "
        "this link to set it up: ((link)) The link works once, for 72 hours.",
    },
    "sign_in_code": {
        "subject": "Your MyDirection code",
        "body": "Your MyDirection code is ((code)). It works for 10 minutes. Do not share it.",
    },
    "new_message": {
        "subject": "You have a new message",
        "body": "Hello ((first_name)). You have a new message in MyDirection: ((link))",
    },
}

_PLACEHOLDER = re.compile(r"\(\((\w+)\)\)")


def placeholders(template: str) -> set[str]:
    text = TEMPLATES[template]
    return set(_PLACEHOLDER.findall(text["subject"] + text["body"]))


def render(template: str, personalisation: dict[str, str], part: str = "body") -> str:
    return _PLACEHOLDER.sub(
        lambda match: str(personalisation.get(match.group(1), "")), TEMPLATES[template][part]
    )
