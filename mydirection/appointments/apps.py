from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "mydirection.appointments"
    label = "appointments"
    verbose_name = "Appointments and delivery of the order"

    def ready(self) -> None:
        from mydirection.appointments import activity
        from mydirection.people.record import register_tab

        register_tab("Appointments", "appointments:list", order=50)
        activity.register()
