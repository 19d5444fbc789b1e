"""Documents, served through Django by Wagtail's own view (which checks collection privacy)."""

from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from wagtail.documents import get_document_model
from wagtail.documents.views import serve


def serve_document(request, document_id, document_filename):
    """Wagtail's document view; a document in a restricted collection is marked private and
    not to be stored, so no shared cache (a proxy, a CDN) keeps a members' file for others."""
    response = serve.serve(request, document_id, document_filename)
    document = get_object_or_404(get_document_model().objects.only("collection"), pk=document_id)
    if document.collection.get_view_restrictions().exists():
        patch_cache_control(response, private=True, no_store=True)
    return response
