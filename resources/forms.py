"""The document form of the Wagtail admin (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""

from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from .services import lifts_restrictions, may_lift_document_restrictions


def lift_refused_message(document):
    return _(
        "“%(title)s” is in a collection restricted to some readers. Only a moderator can move "
        "it to a collection that more people can read; choose a restricted collection or ask a "
        "moderator."
    ) % {"title": document.title}


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form; an editor cannot make a members-only document public by
    changing its collection (moving it out of a restriction is a moderator's decision)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user

    def clean(self):
        cleaned_data = super().clean()
        collection = cleaned_data.get("collection")
        document = self.instance
        if (
            self.user is not None
            and document.pk
            and collection is not None
            and lifts_restrictions(document, collection)
            and not may_lift_document_restrictions(self.user)
        ):
            self.add_error("collection", lift_refused_message(document))
        return cleaned_data
