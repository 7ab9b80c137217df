from django.urls import path

from mydirection.pages import views

app_name = "pages"
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    # Under /my/ so that the installed app (its scope is /my/) opens it in its own window.
    path("my/privacy/", views.app_privacy, name="app-privacy"),
]
