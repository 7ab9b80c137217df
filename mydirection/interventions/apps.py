from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "mydirection.interventions"
    label = "interventions"
    verbose_name = "Interventions and referrals"

    def ready(self) -> None:
        from mydirection.interventions.selectors import referral_events
        from mydirection.people import timeline
        from mydirection.people.record import register_tab

        register_tab("Interventions", "interventions:person", order=45)
        timeline.register(referral_events, {"referral": "Referrals"}, log=timeline.ACTIVITY)
