from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "mydirection.caseload"
    label = "caseload"
    verbose_name = "Caseload and continuity"

    def ready(self) -> None:
        from mydirection.caseload.selectors import overview_panel
        from mydirection.people.record import register_overview_panel, register_tab

        register_tab("Allocation", "caseload:allocation", order=120)
        register_overview_panel(overview_panel)
