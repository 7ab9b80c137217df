from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "mydirection.pages"
    label = "pages"
    verbose_name = "The footer's pages: accessibility statement, privacy notices and cookies"
