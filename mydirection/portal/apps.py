from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mydirection.portal"
    label = "portal"
    verbose_name = "The person's app"

    def ready(self) -> None:
        from mydirection.access.guard import annotate_record
        from mydirection.people.record import register_flag, register_tab
        from mydirection.portal.selectors import app_locked, locked_out_flag

        register_tab("App", "app-access:page", order=110)
        # The identity bar says when the person is locked out: the case manager acts.
        annotate_record("app_locked", app_locked)
        register_flag(locked_out_flag)
