from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mydirection.notifications"
    label = "notifications"
    verbose_name = "Notifications"
