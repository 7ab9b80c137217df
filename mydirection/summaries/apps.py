from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "mydirection.summaries"
    label = "summaries"
    verbose_name = "Monitoring summaries"

    def ready(self) -> None:
        from mydirection.staff.services import on_training_changed
        from mydirection.summaries.services import training_changed

        # Training recorded by an administrator or by attendance at a training day (both
        # through ``staff.services.training_changed``, below this layer) moves the trained
        # counts in its transaction.
        on_training_changed(training_changed)
