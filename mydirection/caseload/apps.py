from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "mydirection.caseload"
    label = "caseload"
    verbose_name = "Caseload and continuity"
