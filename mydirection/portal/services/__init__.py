"""Changes the app makes, one module per topic: ``accounts`` (invitations, enrolment, sign-in,
lockout and revocation), ``profile`` (the person's own About me) and ``attendance`` (sessions at
a venue and registering with their code). Reads are in ``portal.selectors``.

Re-exported, because pages outside the app quote them to people (the privacy notice and the
cookies page): how long an app session lasts idle, how long a sign-in code works and how long
an invitation link lasts.
"""

from mydirection.portal.services.accounts import CODE_MINUTES, IDLE_SECONDS, INVITATION_HOURS

__all__ = ["CODE_MINUTES", "IDLE_SECONDS", "INVITATION_HOURS"]
