from django.apps import AppConfig
from django.db.models import signals


class AccessConfig(AppConfig):
    name = "mydirection.access"
    label = "access"
    verbose_name = "Access policy and access log"

    def ready(self) -> None:
        # However a restricted-case rule is written (the services, the admin shell, a
        # migration), the request that wrote it stops using the people it had read as barred.
        from mydirection.access.models import Exclusion, Restriction
        from mydirection.access.policy import forget

        for model in (Exclusion, Restriction):
            signals.post_save.connect(forget, sender=model, dispatch_uid=f"forget-{model.__name__}")
            signals.post_delete.connect(
                forget, sender=model, dispatch_uid=f"forget-{model.__name__}-deleted"
            )
        signals.m2m_changed.connect(
            forget, sender=Restriction.allowed_users.through, dispatch_uid="forget-allowed"
        )
