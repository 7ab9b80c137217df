from django.apps import AppConfig


class MyDirectionConfig(AppConfig):
    name = "mydirection"
    verbose_name = "MyDirection"

    def ready(self) -> None:
        from mydirection import checks  # noqa: F401  (registers system checks)
