from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "mydirection.summaries"
    label = "summaries"
    verbose_name = "Monitoring summaries"
