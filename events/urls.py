from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("dashboard/registrations/<int:pk>/", views.registration_detail, name="registration"),
    path(
        "dashboard/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
]
