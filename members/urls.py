from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/<int:pk>/<slug:step>/", views.join_step, name="join_step"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "dashboard/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "dashboard/organisations/<slug:slug>/",
        views.organisation_manage,
        name="organisation",
    ),
    path(
        "dashboard/organisations/<slug:slug>/contacts/<int:contact_pk>/<slug:action>/",
        views.contact_action,
        name="contact_action",
    ),
    path("dashboard/invitations/<str:token>/", views.invitation, name="invitation"),
    path("members/", views.member_list, name="list"),
    path("members/<slug:slug>/", views.member_detail, name="detail"),
]
