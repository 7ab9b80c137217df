from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mydirection.demo"
    label = "demo"
    verbose_name = "Demo data"
