from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mydirection.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from mydirection.people.record import register_tab

        register_tab("Messages", "notifications:person-messages", order=100)
