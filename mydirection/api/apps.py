from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mydirection.api"
    label = "api"
    verbose_name = "The API for partner systems and staff"
