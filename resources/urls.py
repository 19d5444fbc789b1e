"""Wagtail's two document URLs (``wagtail.documents.urls``), with the same names, served by
``resources.views.serve_document``."""

from django.urls import path, re_path
from wagtail.documents.views import serve

from .views import serve_document

urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
