from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "mydirection.assessment"
    label = "assessment"
    verbose_name = "Strengths-based assessment"
