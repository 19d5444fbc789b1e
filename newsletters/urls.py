from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/thanks/", views.thanks, name="thanks"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/archive/", views.archive, name="archive"),
    path("newsletter/archive/<slug:slug>/", views.issue, name="issue"),
]
