from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "mydirection.appointments"
    label = "appointments"
    verbose_name = "Appointments and delivery of the order"
