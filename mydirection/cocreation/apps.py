from django.apps import AppConfig


class CocreationConfig(AppConfig):
    name = "mydirection.cocreation"
    label = "cocreation"
    verbose_name = "Co-creation: Community Reporting"
