from django.urls import path

from mydirection.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.home, name="home"),
    path("training/add/", views.add_day, name="add-day"),
    path("training/<uuid:training_day_id>/", views.day, name="day"),
    path("training/<uuid:training_day_id>/attendance/", views.attendance, name="attendance"),
    path("sets/add/", views.add_set, name="add-set"),
    path("sets/<uuid:learning_set_id>/", views.learning_set, name="set"),
    path("sets/<uuid:learning_set_id>/status/", views.set_status, name="set-status"),
    path("sets/<uuid:learning_set_id>/meetings/", views.add_meeting, name="add-meeting"),
    path("mine/", views.mine, name="mine"),
    path("mine/log/add/", views.add_entry, name="add-entry"),
    path("mine/log/<uuid:log_entry_id>/", views.entry, name="entry"),
]
