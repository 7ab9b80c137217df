from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mydirection.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"
