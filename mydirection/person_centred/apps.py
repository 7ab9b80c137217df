from django.apps import AppConfig


class PersonCentredConfig(AppConfig):
    name = "mydirection.person_centred"
    label = "person_centred"
    verbose_name = "Person-centred tools"
