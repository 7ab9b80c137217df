from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "mydirection.messaging"
    label = "messaging"
    verbose_name = "Messages between the person and their case manager"
