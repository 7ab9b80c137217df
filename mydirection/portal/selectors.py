from django.db.models import Exists, OuterRef

from mydirection.people.models import Person
from mydirection.portal.models import AccountStatus, PortalAccount


def app_locked() -> Exists:
    """An annotation for a Person queryset: locked out of the app (the case manager acts)."""
    return Exists(PortalAccount.objects.filter(person=OuterRef("pk"), status=AccountStatus.LOCKED))


def locked_out_flag(person: Person) -> dict[str, str] | None:
    """The identity bar's flag, from the ``app_locked`` annotation the record page loads."""
    if getattr(person, "app_locked", False):
        return {"text": "Locked out of the app", "colour": "orange"}
    return None
