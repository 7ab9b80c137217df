from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "mydirection.rights"
    label = "rights"
    verbose_name = "Data rights"
