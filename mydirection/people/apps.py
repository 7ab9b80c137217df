from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mydirection.people"
    label = "people"
    verbose_name = "People and sentences"
