from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "mydirection.access"
    label = "access"
    verbose_name = "Access policy and access log"
