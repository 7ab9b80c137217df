from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "mydirection.fund"
    label = "fund"
    verbose_name = "Enabling Fund"

    def ready(self) -> None:
        from mydirection.people.record import register_tab

        register_tab("Enabling Fund", "fund:person", order=47)
