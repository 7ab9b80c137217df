from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "mydirection.uploads"
    label = "uploads"
    verbose_name = "Uploaded files"

    def ready(self) -> None:
        from mydirection.uploads import checks  # noqa: F401  (registers the system check)
