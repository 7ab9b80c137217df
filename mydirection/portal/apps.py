from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mydirection.portal"
    label = "portal"
    verbose_name = "The person's app"
