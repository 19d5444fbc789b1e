from django.urls import path

from . import assessment_views, views

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
    path("dashboard/assessments/", assessment_views.assessment_list, name="assessments"),
    path("dashboard/assessments/<int:pk>/", assessment_views.assessment_detail, name="assessment"),
    path(
        "dashboard/assessments/<int:pk>/report/",
        assessment_views.assessment_report,
        name="assessment_report",
    ),
    path(
        "dashboard/assessments/<int:pk>/history/",
        assessment_views.assessment_history,
        name="assessment_history",
    ),
    path(
        "dashboard/assessments/<int:pk>/publication/",
        assessment_views.assessment_publication,
        name="assessment_publication",
    ),
    path(
        "dashboard/assessments/<int:pk>/documents/<int:document_pk>/",
        assessment_views.assessment_document,
        name="assessment_document",
    ),
    path("members/", views.member_list, name="list"),
    path("members/<slug:slug>/", views.member_detail, name="detail"),
]
