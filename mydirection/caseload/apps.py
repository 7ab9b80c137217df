from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "mydirection.caseload"
    label = "caseload"
    verbose_name = "Caseload and continuity"

    def ready(self) -> None:
        from mydirection.people.record import register_tab

        register_tab("Allocation", "caseload:allocation", order=120)
