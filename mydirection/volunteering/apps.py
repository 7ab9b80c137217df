from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "mydirection.volunteering"
    label = "volunteering"
    verbose_name = "Volunteers, peer mentors and circles"
