from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "mydirection.volunteering"
    label = "volunteering"
    verbose_name = "Volunteers, peer mentors and circles"

    def ready(self) -> None:
        from mydirection.interventions.panels import register_panel
        from mydirection.volunteering.record.selectors import person_panel

        # The person's record: the volunteering pathway, readiness, a peer mentor and a
        # circle, on the Interventions tab.
        register_panel("volunteering/_person_panel.html", person_panel)
