from django.apps import AppConfig


class TimebankConfig(AppConfig):
    name = "mydirection.timebank"
    label = "timebank"
    verbose_name = "Time Bank"

    def ready(self) -> None:
        from mydirection.interventions.panels import register_panel
        from mydirection.timebank.selectors import person_panel

        # The person's record: their time given and received, on the Interventions tab.
        register_panel("timebank/_person_panel.html", person_panel)
