from django.urls import path

from mydirection.staff import views

app_name = "staff"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.second_factor, name="second-factor"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/password/", views.change_password, name="change-password"),
    path("staff/", views.staff_list, name="list"),
    path("staff/add/", views.add_staff, name="add"),
    path("staff/<uuid:user_id>/", views.staff_member, name="member"),
    path("staff/<uuid:user_id>/change/", views.change_staff, name="change"),
]
