from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "mydirection.messaging"
    label = "messaging"
    verbose_name = "Messages between the person and their case manager"

    def ready(self) -> None:
        from mydirection.people.record import register_tab

        register_tab("Conversation", "messaging:thread", order=90)
