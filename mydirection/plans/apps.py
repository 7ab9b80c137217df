from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mydirection.plans"
    label = "plans"
    verbose_name = "Rehabilitation plans"

    def ready(self) -> None:
        from mydirection.people.record import register_tab

        register_tab("Plan", "plans:plan", order=40)
