from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "mydirection.assessment"
    label = "assessment"
    verbose_name = "Strengths-based assessment"

    def ready(self) -> None:
        from mydirection.people.record import register_tab

        register_tab("Strengths", "assessment:summary", order=30)
