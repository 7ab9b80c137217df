from django.apps import AppConfig


class TimebankConfig(AppConfig):
    name = "mydirection.timebank"
    label = "timebank"
    verbose_name = "Time Bank"
