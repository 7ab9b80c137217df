from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "mydirection.learning"
    label = "learning"
    verbose_name = "Staff learning: training days, Action Learning Sets, reflective logs"
