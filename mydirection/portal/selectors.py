from django.db.models import Exists, OuterRef

from mydirection.portal.models import AccountStatus, PortalAccount


def app_locked() -> Exists:
    """An annotation for a Person queryset: locked out of the app (the case manager acts)."""
    return Exists(PortalAccount.objects.filter(person=OuterRef("pk"), status=AccountStatus.LOCKED))
