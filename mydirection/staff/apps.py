from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "mydirection.staff"
    label = "staff"
    verbose_name = "Staff and organisation"
