from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mydirection.people"
    label = "people"
    verbose_name = "People and sentences"

    def ready(self) -> None:
        from mydirection.people import timeline
        from mydirection.people.record import register_tab

        register_tab("Overview", "people:overview", order=10)
        register_tab("Sentence", "people:sentence", order=60)
        register_tab("Personal details", "people:details", order=70)
        register_tab("Consents", "people:consents", order=80)
        register_tab("History", "people:history", order=130)
        timeline.register(timeline.sentence_events, {"sentence": "Sentences"}, log=timeline.HISTORY)
        timeline.register(
            timeline.change_events, {"change": "Changes recorded"}, log=timeline.HISTORY
        )
