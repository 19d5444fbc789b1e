from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("directory/", views.index, name="index"),
    path("directory/<str:code>/", views.country, name="country"),
    path("directory/<str:code>/suggest/", views.suggest, name="suggest"),
    path("report/", views.report, name="report"),
]
