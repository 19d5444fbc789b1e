"""Private file storage for application documents (letters of endorsement).

The files live outside ``MEDIA_ROOT``, so no web server or ``static()`` route that serves media
ever reaches them; they have no public URL, and reach a browser only through a Django view that
checks the reviewer permission (``members.admin_views.endorsement_letter``).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root():
    root = getattr(settings, "MEMBERS_PRIVATE_ROOT", "")
    if root:
        return str(root)
    return str(settings.MEDIA_ROOT).rstrip("/\\") + "-private"


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return private_root()

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


def private_storage():
    return PrivateStorage()
