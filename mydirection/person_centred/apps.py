from django.apps import AppConfig


class PersonCentredConfig(AppConfig):
    name = "mydirection.person_centred"
    label = "person_centred"
    verbose_name = "Person-centred tools"

    def ready(self) -> None:
        from mydirection.people.record import register_tab

        register_tab("About me", "person_centred:index", order=20)
