from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "mydirection.caseload"
    label = "caseload"
    verbose_name = "Caseload and continuity"

    def ready(self) -> None:
        from mydirection.caseload.selectors import allocation_events, overview_panel
        from mydirection.caseload.services import ALLOCATED, REALLOCATED
        from mydirection.people import timeline
        from mydirection.people.record import register_overview_panel, register_tab

        register_tab("Allocation", "caseload:allocation", order=120)
        register_overview_panel(overview_panel)
        # The History tab tells each allocation with its reason, not as a bare log entry.
        timeline.register(
            allocation_events,
            {"allocation": "Allocations"},
            log=timeline.HISTORY,
            told_instead=(ALLOCATED, REALLOCATED),
        )
